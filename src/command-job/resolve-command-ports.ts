import type { Logger } from "pino";
import type { GitHubClients } from "../github/github-clients.ts";
import { jobInstallationClient } from "../github/job-installation-client.ts";
import type { PermissionCache } from "../github/permission-reader.ts";
import { type CommandPorts, createCommandPorts, withCommandDryRun } from "./command-ports.ts";

/** What building a comment job's GitHub ports needs. */
export interface CommandPortsSource {
  github: GitHubClients;
  dryRun: boolean;
  /** Tests pass their own ports instead of the Octokit adapters. */
  ports?: CommandPorts;
  /** `REVIEWLOOP_GITHUB_TIMEOUT_MS` (default 30 s). */
  githubTimeoutMs?: number;
}

/** The GitHub ports of one installation, dry-run aware. */
export async function resolveCommandPorts(
  source: CommandPortsSource,
  installationId: number,
  permissionCache: PermissionCache,
  log: Logger,
  signal: AbortSignal,
): Promise<CommandPorts> {
  let ports = source.ports;
  if (ports === undefined) {
    // A reply is looked up before it is sent again: Octokit must never resend it blindly.
    const octokit = await jobInstallationClient(source.github, installationId, {
      signal,
      ...(source.githubTimeoutMs === undefined ? {} : { timeoutMs: source.githubTimeoutMs }),
    });
    ports = createCommandPorts(octokit, permissionCache);
  }
  return source.dryRun ? withCommandDryRun(ports, log) : ports;
}
