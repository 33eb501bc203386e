import type { Probot } from "probot";
import { type AppOctokit, createAppSlugResolver } from "../github/app-slug.ts";

/** Used when `GET /app` fails: `/reviewloop` lines still work, `@<slug>` lines wait for the next try. */
export const FALLBACK_SLUG = "reviewloop";

/** The app's slug for a delivery's handler (logs a failure, answers the fallback). */
export type SlugSource = (log: Probot["log"]) => Promise<string>;

/**
 * One slug per process for every handler: known up front (tests) or read with `GET /app` once
 * (cached; a failure is not, so the next delivery asks again).
 */
export function createSlugSource(app: Probot, known?: string): SlugSource {
  const resolveSlug =
    known === undefined
      ? createAppSlugResolver(async () => (await app.auth()) as unknown as AppOctokit)
      : async () => known;
  return async (log) => {
    try {
      return await resolveSlug();
    } catch (error) {
      log.warn({ err: error }, "Could not read the app's slug; only /reviewloop commands are seen");
      return FALLBACK_SLUG;
    }
  };
}
