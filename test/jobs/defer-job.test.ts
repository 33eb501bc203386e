import { beforeEach, describe, expect, it } from "vitest";
import { DeferJobError } from "../../src/jobs/defer-job-error.ts";
import { enqueueJob } from "../../src/jobs/enqueue-job.ts";
import type { JobHandler } from "../../src/jobs/job-types.ts";
import type { Db } from "../../src/store/db.ts";
import { testBackends } from "../helpers/test-db.ts";
import { aJob, readJob, waitFor } from "./job-test-kit.ts";
import { useWorkerDatabase } from "./use-worker-database.ts";

describe.each(testBackends())("jobs/DeferJobError on %s", (backend) => {
  const { pools, startWorker } = useWorkerDatabase(backend);
  let db: Db;
  beforeEach(() => {
    ({ db } = pools);
  });

  it("queues the job again at runAt, not counting the attempt and recording no failure", async () => {
    const runAt = new Date(Date.now() + 60 * 60_000);
    let runs = 0;
    const handler: JobHandler = async () => {
      runs += 1;
      throw new DeferJobError(runAt, "waiting for eslint");
    };
    const outcomes: string[] = [];
    const job = await enqueueJob(db, aJob({ maxAttempts: 1 }));
    startWorker({
      handlers: { test: handler },
      observer: { jobFinished: (_kind, outcome) => outcomes.push(outcome) },
    });
    const row = await waitFor(async () => {
      const r = await readJob(db, job!.id);
      // Queued again with its new time (not the row as it was before the worker leased it).
      const deferred = r !== null && r !== undefined && r.run_at.getTime() > Date.now();
      return runs > 0 && deferred && r?.status === "queued" && r.lease_token === null ? r : null;
    });
    // A job with one attempt would be dead after a failure: a deferral is not one.
    expect(row.status).toBe("queued");
    expect(row.attempts).toBe(0);
    expect(row.last_error).toBeNull();
    expect(row.lease_until).toBeNull();
    expect(row.run_at.getTime()).toBe(runAt.getTime());
    // Marked, so superseding work wakes it to tidy up instead of cancelling it.
    expect(row.deferred).toBe(true);
    expect(outcomes).toEqual([]);
    const dead = await db.query("SELECT 1 FROM jobs WHERE status = 'dead' OR kind <> 'test'");
    expect(dead.rows).toEqual([]);
  });

  it("runs the deferred job again once its time comes, as the same job", async () => {
    let runs = 0;
    const handler: JobHandler = async () => {
      runs += 1;
      if (runs === 1) throw new DeferJobError(new Date(Date.now() + 50), "waiting");
    };
    const job = await enqueueJob(db, aJob({ maxAttempts: 1 }));
    startWorker({ handlers: { test: handler } });
    const row = await waitFor(async () => {
      const r = await readJob(db, job!.id);
      return r?.status === "done" ? r : null;
    });
    expect(runs).toBe(2);
    expect(row.attempts).toBe(1);
    expect(row.last_error).toBeNull();
  });
});
