import type { Probot } from "probot";
import { type AppOctokit, createAppSlugResolver } from "../github/app-slug.ts";

/** Used when `GET /app` fails: `/reviewloop` lines still work, `@<slug>` lines wait for the next try. */
export const FALLBACK_SLUG = "reviewloop";

/** The app's slug for a delivery's handler (logs a failure, answers the fallback). */
export type SlugSource = ((log: Probot["log"]) => Promise<string>) & {
  /**
   * The slug if it is known already, else undefined — and the read starts in the background. For
   * handlers that must not wait on GitHub before acknowledging (a push's webhook).
   */
  peek(log: Probot["log"]): string | undefined;
};

/**
 * One slug per process for every handler: known up front (tests) or read with `GET /app` once
 * (cached; a failure is not, so the next delivery asks again).
 */
export function createSlugSource(app: Probot, knownSlug?: string): SlugSource {
  const resolveSlug =
    knownSlug === undefined
      ? createAppSlugResolver(async () => (await app.auth()) as unknown as AppOctokit)
      : async () => knownSlug;
  let known: string | undefined = knownSlug;
  const get = async (log: Probot["log"]): Promise<string> => {
    try {
      known = await resolveSlug();
      return known;
    } catch (error) {
      log.warn({ err: error }, "Could not read the app's slug; only /reviewloop commands are seen");
      return FALLBACK_SLUG;
    }
  };
  return Object.assign(get, {
    peek(log: Probot["log"]) {
      if (known === undefined) void get(log);
      return known;
    },
  });
}
