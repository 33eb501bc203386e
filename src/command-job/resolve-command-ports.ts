import type { Logger } from "pino";
import type { GitHubClients } from "../github/github-clients.ts";
import { DEFAULT_GITHUB_TIMEOUT_MS, guardRequests } from "../github/guard-requests.ts";
import type { PermissionCache } from "../github/permission-reader.ts";
import { serializeMutations } from "../github/serialize-mutations.ts";
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
    const octokit = await source.github.forInstallation(installationId);
    // No blind resend of a reply or reaction by Octokit's retry plugin (the reply is looked up
    // before it is sent again), a timeout per exchange, and the job's signal.
    guardRequests(octokit, {
      signal,
      timeoutMs: source.githubTimeoutMs ?? DEFAULT_GITHUB_TIMEOUT_MS,
    });
    // Replies and reactions queue behind the installation's other writes (secondary limits).
    serializeMutations(octokit, installationId);
    ports = createCommandPorts(octokit, permissionCache);
  }
  return source.dryRun ? withCommandDryRun(ports, log) : ports;
}
