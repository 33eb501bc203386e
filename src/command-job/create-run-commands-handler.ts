import type { GitHubClients } from "../github/github-clients.ts";
import { createPermissionCache, type PermissionCache } from "../github/permission-reader.ts";
import type { JobHandler } from "../jobs/job-types.ts";
import { PermanentJobError } from "../jobs/permanent-job-error.ts";
import type { Db } from "../store/db.ts";
import type { CommandPorts } from "./command-ports.ts";
import { resolveCommandPorts } from "./resolve-command-ports.ts";
import { runCommands } from "./run-commands.ts";
import { runCommandsPayloadSchema } from "./run-commands-payload.ts";

/** What the `RunCommands` handler needs from the process. */
export interface RunCommandsHandlerDeps {
  db: Db;
  github: GitHubClients;
  dryRun: boolean;
  /** Tests pass their own ports instead of the Octokit adapters. */
  ports?: CommandPorts;
  now?: () => Date;
  /** Shared by every job of the process (default: a new 5-minute cache). */
  permissionCache?: PermissionCache;
  /** Pause before looking for a reply whose POST had no answer, in ms (tests: 0). */
  pauseMs?: number;
}

/** The `RunCommands` job handler: validates the payload, builds the ports, runs the commands. */
export function createRunCommandsHandler(deps: RunCommandsHandlerDeps): JobHandler {
  const permissionCache = deps.permissionCache ?? createPermissionCache();
  return async (job, { log, signal, assertLease }) => {
    const parsed = runCommandsPayloadSchema.safeParse(job.payload);
    if (!parsed.success) {
      throw new PermanentJobError(`RunCommands payload is invalid: ${parsed.error.message}`);
    }
    const payload = parsed.data;
    const ports = await resolveCommandPorts(
      deps,
      payload.installationId,
      permissionCache,
      log,
      signal,
    );
    await runCommands(
      {
        db: deps.db,
        ports,
        now: deps.now ?? (() => new Date()),
        log: log.child({
          repo: payload.repoFullName,
          pr: payload.prNumber,
          commentId: payload.comment.id,
        }),
        signal,
        assertLease,
        ...(deps.pauseMs === undefined ? {} : { pauseMs: deps.pauseMs }),
      },
      payload,
      job.id,
    );
  };
}
