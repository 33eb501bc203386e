import type { Logger } from "pino";
import { createReportFailureHandler } from "../failure-report-job/create-report-failure-handler.ts";
import type { Db } from "../store/db.ts";
import { batchCompletions } from "./batch-completions.ts";
import type { BackoffOptions } from "./compute-backoff.ts";
import { REPORT_FAILURE_KIND } from "./enqueue-failure-report-sql.ts";
import type { JobFailureReporter, JobHandler } from "./job-types.ts";
import { leaseJobs } from "./lease-jobs.ts";
import { releaseJob } from "./release-job.ts";
import { type JobObserver, type RunningJob, runJob } from "./run-job.ts";

/** Everything a worker needs. */
export interface WorkerOptions {
  db: Db;
  /** One handler per job kind; a job of another kind goes dead with a clear message. */
  handlers: Record<string, JobHandler>;
  /**
   * Who tells people that a job of a kind died (default none: deaths are only logged). The
   * worker runs the `ReportFailure` jobs that every death enqueues with these.
   */
  reporters?: Record<string, JobFailureReporter>;
  /** Jobs run at the same time by this worker. */
  concurrency: number;
  /** Sleep between polls when nothing is runnable (default 250 ms); `wake()` cuts it short. */
  pollMs?: number;
  /** Lease length (default 60 s); extended every leaseMs/3 while a job runs. */
  leaseMs?: number;
  log: Logger;
  observer?: JobObserver;
  /** Retry delays (tests shorten them). */
  backoff?: BackoffOptions;
}

/** A running job loop. */
export interface Worker {
  /** Starts polling; calling it again does nothing. */
  start(): void;
  /**
   * Stops leasing, waits for in-flight jobs up to `deadlineMs` (default 25 s), then aborts
   * their signals and hands back every job still running so another replica takes it at once.
   */
  stop(options?: { deadlineMs?: number }): Promise<void>;
  /** Polls now instead of after the current sleep (call after enqueueing). */
  wake(): void;
  /** `Date.now()` when the loop last polled successfully (or found itself at capacity). */
  heartbeatAt(): number;
  /** Jobs running right now. */
  inFlight(): number;
}

const MAX_ERROR_SLEEP_MS = 5_000;

/** Creates a worker that leases jobs from `db` and runs them with `handlers`. */
export function createWorker(options: WorkerOptions): Worker {
  const pollMs = options.pollMs ?? 250;
  const leaseMs = options.leaseMs ?? 60_000;
  const { db, log } = options;
  const handlers: Record<string, JobHandler> = {
    ...options.handlers,
    [REPORT_FAILURE_KIND]: createReportFailureHandler({ db, reporters: options.reporters ?? {} }),
  };
  const deps = { ...options, handlers, leaseMs, complete: batchCompletions(options.db) };
  // While work is waiting, refill when half the slots are free: one lease per several jobs.
  const refillAt = Math.max(1, Math.floor(options.concurrency / 2));
  // Keyed by lease token, not job id: when a stalled job's lease expires and this same worker
  // leases it again, both runs are in flight at once, and the first one finishing must not
  // drop the second from the books (it would then run uncounted and never be released).
  const running = new Map<string, RunningJob>();
  let state: "idle" | "running" | "stopping" | "stopped" = "idle";
  let heartbeat = 0;
  let loopDone: Promise<void> = Promise.resolve();
  // The last lease filled every free slot, so more work is probably waiting.
  let saturated = false;
  let woken = false;
  let interrupt: (() => void) | null = null;

  function wake() {
    woken = true;
    interrupt?.();
  }

  function sleep(ms: number): Promise<void> {
    if (woken) {
      woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        interrupt = null;
        woken = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      interrupt = done;
    });
  }

  function launch(job: Parameters<typeof runJob>[1]) {
    const job$ = runJob(deps, job);
    running.set(job.leaseToken, job$);
    job$.done.then(() => {
      running.delete(job.leaseToken);
      const free = options.concurrency - running.size;
      if (saturated && state === "running" && free >= refillAt) wake();
    });
  }

  async function loop() {
    let failures = 0;
    while (state === "running") {
      const free = options.concurrency - running.size;
      if (free <= 0) {
        heartbeat = Date.now();
        await sleep(pollMs);
        continue;
      }
      try {
        const jobs = await leaseJobs(db, { limit: free, leaseMs });
        failures = 0;
        heartbeat = Date.now();
        saturated = jobs.length === free;
        for (const job of jobs) launch(job);
        if (!saturated) await sleep(pollMs);
      } catch (error) {
        failures += 1;
        log.error({ err: error, failures }, "could not lease jobs; retrying");
        await sleep(Math.min(pollMs * 2 ** failures, MAX_ERROR_SLEEP_MS));
      }
    }
  }

  async function releaseRemaining() {
    const left = [...running.values()];
    for (const job$ of left) {
      job$.released = true;
      job$.controller.abort(new Error("worker stopping: shutdown deadline reached"));
    }
    await Promise.all(
      left.map(async ({ job }) => {
        try {
          const ours = await releaseJob(db, job);
          log.warn({ jobId: job.id, kind: job.kind, released: ours }, "job released at shutdown");
        } catch (error) {
          log.error({ err: error, jobId: job.id }, "could not release job; its lease will expire");
        }
      }),
    );
  }

  return {
    start() {
      if (state !== "idle") return;
      state = "running";
      heartbeat = Date.now();
      loopDone = loop();
    },
    async stop(stopOptions = {}) {
      if (state === "idle" || state === "stopped") {
        state = "stopped";
        return;
      }
      state = "stopping";
      wake();
      await loopDone;
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<"deadline">((resolve) => {
        timer = setTimeout(() => resolve("deadline"), stopOptions.deadlineMs ?? 25_000);
      });
      const finished = Promise.all([...running.values()].map((job$) => job$.done));
      const first = await Promise.race([finished.then(() => "finished" as const), deadline]);
      clearTimeout(timer);
      if (first === "deadline") await releaseRemaining();
      state = "stopped";
    },
    wake,
    heartbeatAt: () => heartbeat,
    inFlight: () => running.size,
  };
}
