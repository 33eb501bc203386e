/**
 * The Probot application function: registers the webhook handlers, nothing else. Handlers only
 * record and enqueue; the worker does the slow work.
 */
import type { Probot } from "probot";
import { type HandlerDeps, registerHandlers } from "./handlers/register-handlers.ts";

/** What the webhook handlers need from the process. */
export type AppDeps = HandlerDeps;

/** Builds the app function that `Server.load` runs once at start-up. */
export function createApp(deps: AppDeps): (app: Probot) => void {
  return (app) => registerHandlers(app, deps);
}
