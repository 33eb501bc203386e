import type { Logger } from "pino";
import type { GitHubClients } from "../github/github-clients.ts";
import type { PermissionCache } from "../github/permission-reader.ts";
import { serializeMutations } from "../github/serialize-mutations.ts";
import { type CommandPorts, createCommandPorts, withCommandDryRun } from "./command-ports.ts";

/** What building a comment job's GitHub ports needs. */
export interface CommandPortsSource {
  github: GitHubClients;
  dryRun: boolean;
  /** Tests pass their own ports instead of the Octokit adapters. */
  ports?: CommandPorts;
}

/** The GitHub ports of one installation, dry-run aware. */
export async function resolveCommandPorts(
  source: CommandPortsSource,
  installationId: number,
  permissionCache: PermissionCache,
  log: Logger,
): Promise<CommandPorts> {
  let ports = source.ports;
  if (ports === undefined) {
    const octokit = await source.github.forInstallation(installationId);
    // Replies and reactions queue behind the installation's other writes (secondary limits).
    serializeMutations(octokit, installationId);
    ports = createCommandPorts(octokit, permissionCache);
  }
  return source.dryRun ? withCommandDryRun(ports, log) : ports;
}
