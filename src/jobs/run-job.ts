import type { Logger } from "pino";
import type { Db } from "../store/db.ts";
import { assertLease } from "./assert-lease.ts";
import type { BackoffOptions } from "./compute-backoff.ts";
import { deferJob } from "./defer-job.ts";
import { isDeferral } from "./defer-job-error.ts";
import { extendLease } from "./extend-lease.ts";
import { failJob } from "./fail-job.ts";
import type { JobHandler, LeasedJob } from "./job-types.ts";
import { PermanentJobError } from "./permanent-job-error.ts";

/** Receives one call per finished job (metrics). */
export interface JobObserver {
  jobFinished(kind: string, outcome: "done" | "retry" | "dead", seconds: number): void;
}

/** One job being run by the worker. */
export interface RunningJob {
  job: LeasedJob;
  controller: AbortController;
  /** Set at the shutdown deadline: the job was handed back, its outcome must not be written. */
  released: boolean;
  done: Promise<void>;
}

export interface RunJobDeps {
  db: Db;
  handlers: Record<string, JobHandler>;
  leaseMs: number;
  log: Logger;
  observer?: JobObserver;
  backoff?: BackoffOptions;
  /** Marks a job done; false when its lease was taken over (see batchCompletions). */
  complete: (job: LeasedJob) => Promise<boolean>;
}

async function runHandler(deps: RunJobDeps, running: RunningJob, log: Logger): Promise<void> {
  const { job } = running;
  const handler = deps.handlers[job.kind];
  if (!handler) throw new PermanentJobError(`no handler is registered for job kind "${job.kind}"`);
  await handler(job, {
    log,
    signal: running.controller.signal,
    assertLease: (q) => assertLease(q, job),
  });
}

async function settle(deps: RunJobDeps, running: RunningJob, log: Logger, startedAt: number) {
  const { job } = running;
  const seconds = () => (performance.now() - startedAt) / 1000;
  try {
    await runHandler(deps, running, log);
  } catch (error) {
    if (running.released) return;
    if (isDeferral(error)) {
      // Waiting, not failing: queued again for later, the attempt not counted.
      const ours = await deferJob(deps.db, job, error.runAt);
      if (ours) log.info({ runAt: error.runAt, reason: error.message }, "job deferred");
      else log.warn("job deferred after its lease was taken over; nothing recorded");
      return;
    }
    const outcome = await failJob(deps.db, job, error, deps.backoff);
    if (outcome === "stale") {
      log.warn({ err: error }, "job failed after its lease was taken over; nothing recorded");
      return;
    }
    deps.observer?.jobFinished(job.kind, outcome, seconds());
    if (outcome === "dead") log.error({ err: error }, "job is dead: no attempts left or permanent");
    else log.warn({ err: error }, "job failed; it will be retried");
    return;
  }
  if (running.released) return;
  // Outside the handler's try: the handler succeeded, so a failure to record that is not a
  // failed attempt. It is logged, the job stays `running`, and its lease expiry re-runs it.
  let ours: boolean;
  try {
    ours = await deps.complete(job);
  } catch (error) {
    log.error(
      { err: error },
      "could not record the job as done; it runs again when its lease expires",
    );
    return;
  }
  if (ours) {
    deps.observer?.jobFinished(job.kind, "done", seconds());
    log.debug({ seconds: seconds() }, "job done");
  } else {
    log.warn("job finished after its lease was taken over; its completion was discarded");
  }
}

/**
 * Runs one leased job: calls its handler with a child logger and an abort signal, extends the
 * lease every leaseMs/3 while it runs, then completes or fails it. Never rejects: a database
 * error while recording the outcome is logged, and the expired lease re-runs the job later.
 */
export function runJob(deps: RunJobDeps, job: LeasedJob): RunningJob {
  const log = deps.log.child({
    jobId: job.id,
    kind: job.kind,
    repoId: job.repoId,
    attempt: job.attempts,
  });
  const running: RunningJob = {
    job,
    controller: new AbortController(),
    released: false,
    done: Promise.resolve(),
  };
  const heartbeat = setInterval(() => {
    extendLease(deps.db, job, deps.leaseMs).then(
      (ours) => {
        if (ours || running.released) return;
        log.warn("lease lost to another worker; aborting the job");
        running.controller.abort(new Error("lease lost"));
      },
      (error) => log.warn({ err: error }, "could not extend the lease"),
    );
  }, deps.leaseMs / 3);
  heartbeat.unref();
  const startedAt = performance.now();
  running.done = settle(deps, running, log, startedAt)
    .catch((error) => log.error({ err: error }, "could not record the job's outcome"))
    .finally(() => clearInterval(heartbeat));
  return running;
}
