import type { InstallationOctokit } from "./github-clients.ts";

/** A running count of the requests a client made, by method (shown in every pass summary). */
export interface RequestCounter {
  total(): number;
  byMethod(): Record<string, number>;
}

/**
 * Counts every API request this client sends from now on (retries included: each costs budget).
 * The installation-token exchange (`/app/…`, cached for an hour) is not an API call of the pass
 * and is not counted.
 */
export function countRequests(octokit: InstallationOctokit): RequestCounter {
  const counts: Record<string, number> = {};
  octokit.hook.before("request", (options) => {
    if (String(options.url).startsWith("/app/")) return;
    const method = (options.method ?? "GET").toUpperCase();
    counts[method] = (counts[method] ?? 0) + 1;
  });
  return {
    total: () => Object.values(counts).reduce((sum, n) => sum + n, 0),
    byMethod: () => ({ ...counts }),
  };
}
