import { parseArgs } from "node:util";
import { listDeadJobs } from "../jobs/list-dead-jobs.ts";
import { requeueDeadJob } from "../jobs/requeue-dead-job.ts";
import type { CliCommand, CliIo } from "./cli-command.ts";
import { openCliStore } from "./open-cli-store.ts";
import { renderDeadJobs } from "./render-dead-jobs.ts";
import { EXIT } from "./run-cli.ts";
import { UsageError } from "./usage-error.ts";

const HELP = `Usage: reviewloop jobs dead [--limit N] [--json]
       reviewloop jobs requeue ID [ID…]

Dead jobs are jobs that gave up: their last attempt failed or its lease expired.

  dead            list the newest dead jobs with their last error (default 50)
  requeue ID…     run dead jobs again: queued now, attempts reset (the full max_attempts
                  again), a new generation, the last error kept for the rerun to see

The store is the app's: DATABASE_URL, or else REVIEWLOOP_DATA_DIR (default ./data). With
PGlite stop the app first (one process per data directory); with PostgreSQL it may run.

Exit status: 0 done; 1 a job was not re-queued (missing or not dead); 2 usage error.
`;

/** Parses `dead`'s options. */
function readDeadArgs(argv: string[]): { limit: number; json: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: { limit: { type: "string" }, json: { type: "boolean" } },
    strict: true,
  });
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new UsageError("--limit must be a positive integer");
  return { limit, json: values.json === true };
}

/** Parses `requeue`'s job ids. */
function readIds(argv: string[]): number[] {
  if (argv.length === 0) throw new UsageError("requeue needs at least one job id");
  return argv.map((arg) => {
    if (!/^\d+$/.test(arg)) throw new UsageError(`not a job id: "${arg}"`);
    return Number(arg);
  });
}

/**
 * `reviewloop jobs`: lists dead jobs and re-queues them, on the store the app uses (`env` is the
 * process environment, given so tests can point it elsewhere).
 */
export function createJobsCommand(env: Record<string, string | undefined>): CliCommand {
  return {
    name: "jobs",
    summary: "list dead jobs (`jobs dead`) and run them again (`jobs requeue ID`)",
    async run(argv: string[], io: CliIo): Promise<number> {
      const [sub, ...rest] = argv;
      if (sub === undefined || sub === "--help" || sub === "-h") {
        io.stdout(HELP);
        return sub === undefined ? EXIT.usage : EXIT.ok;
      }
      if (sub !== "dead" && sub !== "requeue") {
        throw new UsageError(`unknown jobs subcommand "${sub}"; expected dead or requeue`);
      }
      const deadArgs = sub === "dead" ? readDeadArgs(rest) : null;
      const ids = sub === "requeue" ? readIds(rest) : [];
      const db = await openCliStore(env);
      try {
        if (deadArgs) {
          const jobs = await listDeadJobs(db, deadArgs.limit);
          io.stdout(deadArgs.json ? `${JSON.stringify(jobs, null, 2)}\n` : renderDeadJobs(jobs));
          return EXIT.ok;
        }
        let status: number = EXIT.ok;
        for (const id of ids) {
          const result = await requeueDeadJob(db, id);
          if (result.requeued) {
            io.stdout(`job ${id} (${result.kind}) re-queued as generation ${result.generation}\n`);
          } else {
            status = EXIT.findings;
            const why = result.status === null ? "no such job" : `it is ${result.status}, not dead`;
            io.stderr(`job ${id} not re-queued: ${why}\n`);
          }
        }
        return status;
      } finally {
        await db.close();
      }
    },
  };
}
