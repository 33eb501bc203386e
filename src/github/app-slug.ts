import { z } from "zod";
import { callGitHub } from "./call-github.ts";

/** The part of an app-authenticated (JWT) Octokit this needs. */
export interface AppOctokit {
  rest: { apps: { getAuthenticated(): Promise<{ data: unknown }> } };
}

export const appSchema = z.object({ slug: z.string().min(1) });

/**
 * Resolves the app's slug (`@<slug>` mentions, the `<slug>[bot]` login) with one
 * `GET /app` per process: the answer is cached, a failure is not (the next call asks again).
 */
export function createAppSlugResolver(
  appOctokit: () => Promise<AppOctokit>,
): () => Promise<string> {
  let pending: Promise<string> | undefined;
  return () => {
    pending ??= (async () => {
      const octokit = await appOctokit();
      const { data } = await callGitHub(() => octokit.rest.apps.getAuthenticated());
      return appSchema.parse(data).slug;
    })();
    pending.catch(() => {
      pending = undefined;
    });
    return pending;
  };
}
