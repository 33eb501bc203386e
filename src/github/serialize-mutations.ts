import type { InstallationOctokit } from "./github-clients.ts";

const tails = new Map<number, Promise<unknown>>();

/**
 * Makes this client's mutating requests (POST, PATCH, PUT, DELETE) run one at a time per
 * installation within the process — GitHub's secondary rate limits punish concurrent writes.
 * Reads and the token exchange stay concurrent.
 */
export function serializeMutations(octokit: InstallationOctokit, installationId: number): void {
  octokit.hook.wrap("request", async (request, options) => {
    const method = (options.method ?? "GET").toUpperCase();
    // The installation token is fetched lazily, from inside the first request's own chain:
    // queuing it behind that request would wait forever.
    if (method === "GET" || String(options.url).startsWith("/app/")) return request(options);
    const previous = tails.get(installationId) ?? Promise.resolve();
    const run = previous.catch(() => {}).then(() => request(options));
    const tail = run.catch(() => {});
    tails.set(installationId, tail);
    try {
      return await run;
    } finally {
      if (tails.get(installationId) === tail) tails.delete(installationId);
    }
  });
}
