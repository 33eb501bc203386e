import { beforeEach, describe, expect, it } from "vitest";
import { enqueueJob } from "../../src/jobs/enqueue-job.ts";
import { leaseJobs } from "../../src/jobs/lease-jobs.ts";
import type { Db } from "../../src/store/db.ts";
import { testBackends } from "../helpers/test-db.ts";
import { aJob, countByStatus, readJob, silentLog, sleep, waitFor } from "./job-test-kit.ts";
import { useWorkerDatabase } from "./use-worker-database.ts";

describe.each(testBackends())("jobs/worker stop and failures on %s", (backend) => {
  const { pools, startWorker, enqueueMany } = useWorkerDatabase(backend);
  let db: Db;
  let other: Db;
  beforeEach(() => {
    ({ db, other } = pools);
  });

  it("keeps polling through database errors", async () => {
    let failuresLeft = 3;
    const flaky: Db = {
      ...db,
      kind: db.kind,
      query: db.query.bind(db),
      exec: db.exec.bind(db),
      close: db.close.bind(db),
      transaction: (fn) => {
        if (failuresLeft-- > 0) return Promise.reject(new Error("connection reset"));
        return db.transaction(fn);
      },
    };
    const errors: unknown[] = [];
    const log = Object.assign(Object.create(silentLog), {
      error: (fields: unknown) => errors.push(fields),
    });
    let ran = false;
    await enqueueJob(db, aJob());

    startWorker({
      db: flaky,
      log,
      handlers: {
        test: async () => {
          ran = true;
        },
      },
      pollMs: 1,
    });

    await waitFor(async () => ran, 5_000);
    expect(errors).toHaveLength(3);
  });

  describe("stop", () => {
    it("waits for in-flight jobs and leases nothing new", async () => {
      await enqueueMany(2, () => ({}));
      let started = 0;
      const worker = startWorker({
        handlers: {
          test: async () => {
            started += 1;
            await sleep(200);
          },
        },
        concurrency: 1,
      });
      await waitFor(async () => started === 1);

      await worker.stop({ deadlineMs: 5_000 });

      expect(worker.inFlight()).toBe(0);
      expect(started).toBe(1);
      expect(await countByStatus(db)).toEqual({ done: 1, queued: 1 });
    });

    it("aborts and hands back what runs past the deadline, ready for another replica", async () => {
      const created = await enqueueJob(db, aJob());
      let signal: AbortSignal | undefined;
      const worker = startWorker({
        handlers: {
          test: async (_job, ctx) => {
            signal = ctx.signal;
            await sleep(5_000);
          },
        },
      });
      await waitFor(async () => signal !== undefined);

      const stopping = performance.now();
      await worker.stop({ deadlineMs: 100 });

      expect(performance.now() - stopping).toBeLessThan(2_000);
      expect(signal?.aborted).toBe(true);
      const row = await readJob(db, created?.id as number);
      expect(row).toMatchObject({ status: "queued", attempts: 0, lease_token: null });
      const [taken] = await leaseJobs(other, { limit: 1, leaseMs: 60_000 });
      expect(taken).toMatchObject({ id: created?.id, attempts: 1 });
      // The next run learns that an earlier run may have done part of the work.
      expect(taken?.lastError).toMatchObject({ name: "Released" });
    });
  });
});
