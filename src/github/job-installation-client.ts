import type { GitHubClients, InstallationOctokit } from "./github-clients.ts";
import { DEFAULT_GITHUB_TIMEOUT_MS, guardRequests } from "./guard-requests.ts";
import { serializeMutations } from "./serialize-mutations.ts";

/**
 * One job's installation client: guarded (Octokit never resends a mutation, a timeout per
 * exchange, the job's signal — see `guardRequests`) and with its writes serialized per
 * installation (GitHub's secondary limits punish concurrent writes). Every job kind that talks
 * to GitHub builds its client here.
 */
export async function jobInstallationClient(
  github: GitHubClients,
  installationId: number,
  options: { signal: AbortSignal; timeoutMs?: number },
): Promise<InstallationOctokit> {
  const octokit = await github.forInstallation(installationId);
  guardRequests(octokit, {
    signal: options.signal,
    timeoutMs: options.timeoutMs ?? DEFAULT_GITHUB_TIMEOUT_MS,
  });
  serializeMutations(octokit, installationId);
  return octokit;
}
