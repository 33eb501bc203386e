import type { Logger } from "pino";
import { countRequests, type RequestCounter } from "../github/count-requests.ts";
import { withDryRun } from "../github/dry-run-ports.ts";
import type { GitHubClients } from "../github/github-clients.ts";
import { createOctokitPorts, type GitHubPorts } from "../github/github-ports.ts";
import { jobInstallationClient } from "../github/job-installation-client.ts";

/** What a job's GitHub client is built from. */
export interface JobGitHubOptions {
  github: GitHubClients;
  /** `REVIEWLOOP_DRY_RUN`: log every mutation as "Would …" instead of sending it. */
  dryRun: boolean;
  /** `REVIEWLOOP_GITHUB_TIMEOUT_MS` (default 30 s). */
  githubTimeoutMs?: number;
}

/**
 * One job's GitHub ports: a fresh installation client, guarded (no blind resend of a mutation,
 * a timeout per exchange, the job's signal), with its writes serialized per installation and
 * its requests counted, dry-run decorated when asked.
 */
export async function jobGitHub(
  options: JobGitHubOptions,
  installationId: number,
  signal: AbortSignal,
  log: Logger,
): Promise<{ github: GitHubPorts; requests: RequestCounter }> {
  const octokit = await jobInstallationClient(options.github, installationId, {
    signal,
    ...(options.githubTimeoutMs === undefined ? {} : { timeoutMs: options.githubTimeoutMs }),
  });
  const requests = countRequests(octokit);
  const ports = createOctokitPorts(octokit);
  return { github: options.dryRun ? withDryRun(ports, log) : ports, requests };
}
