import pino from "pino";
import { beforeEach, describe, expect, it } from "vitest";
import { enqueueJob } from "../../src/jobs/enqueue-job.ts";
import type { JobHandler } from "../../src/jobs/job-types.ts";
import type { Db } from "../../src/store/db.ts";
import { testBackends } from "../helpers/test-db.ts";
import { aJob, readJob, waitFor } from "./job-test-kit.ts";
import { useWorkerDatabase } from "./use-worker-database.ts";

/** A logger that keeps every warning and error it is given, for tests that read what was logged. */
function captureLog() {
  const lines: { msg: string }[] = [];
  const log = pino({ level: "warn" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, messages: () => lines.map((line) => line.msg) };
}

/** A promise with its resolve function, to hold a handler until the test lets it go. */
function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/** What the reaper does to an expired lease, without waiting for it to expire. */
const takeLeaseAway = (db: Db, id: number) =>
  db.query(
    "UPDATE jobs SET status = 'queued', lease_until = NULL, lease_token = NULL WHERE id = $1",
    [id],
  );

describe.each(testBackends())("jobs/worker bookkeeping on %s", (backend) => {
  const { pools, startWorker } = useWorkerDatabase(backend);
  let db: Db;
  beforeEach(() => {
    ({ db } = pools);
  });

  describe("when a stalled job's lease expires and the same worker leases it again", () => {
    it("counts both runs, aborts the stale one, and still hands the new one back at shutdown", async () => {
      const created = await enqueueJob(db, aJob());
      const id = created?.id as number;
      const first = gate();
      const signals: AbortSignal[] = [];
      const handler: JobHandler = async (job, ctx) => {
        signals.push(ctx.signal);
        if (job.attempts === 1) await first.opened;
        else await new Promise(() => {}); // the second run outlives the test's patience
      };
      const { log, messages } = captureLog();
      const worker = startWorker({ handlers: { test: handler }, leaseMs: 300, log });
      await waitFor(async () => signals.length === 1);

      await takeLeaseAway(db, id);
      await waitFor(async () => signals.length === 2);
      await waitFor(async () => signals[0]?.aborted);
      first.open();
      await waitFor(async () =>
        messages().includes(
          "job finished after its lease was taken over; its completion was discarded",
        ),
      );

      expect(signals[1]?.aborted).toBe(false);
      expect(worker.inFlight()).toBe(1);
      await worker.stop({ deadlineMs: 50 });
      expect(signals[1]?.aborted).toBe(true);
      expect(await readJob(db, id)).toMatchObject({ status: "queued", lease_token: null });
    });
  });

  describe("when recording a job as done fails", () => {
    it("does not count it as a failed attempt, and the lease expiry runs the job again", async () => {
      const created = await enqueueJob(db, aJob());
      let completionFailures = 1;
      const failingCompletion: Db = {
        ...db,
        kind: db.kind,
        transaction: db.transaction.bind(db),
        exec: db.exec.bind(db),
        close: db.close.bind(db),
        query: (sql, params) => {
          if (sql.includes("status = 'done'") && completionFailures-- > 0) {
            return Promise.reject(new Error("connection lost while completing"));
          }
          return db.query(sql, params);
        },
      };
      const outcomes: string[] = [];
      let runs = 0;
      const { log, messages } = captureLog();

      startWorker({
        db: failingCompletion,
        log,
        leaseMs: 200,
        handlers: {
          test: async () => {
            runs += 1;
          },
        },
        observer: { jobFinished: (_kind, outcome) => outcomes.push(outcome) },
      });
      await waitFor(async () => (await readJob(db, created?.id as number)).status === "done");

      expect(runs).toBe(2);
      expect(outcomes).toEqual(["done"]);
      expect(messages()).toContain(
        "could not record the job as done; it runs again when its lease expires",
      );
      const row = await readJob(db, created?.id as number);
      expect(row?.last_error?.attempts.map((a) => a.message)).toEqual([
        "lease expired: the worker crashed, stalled or lost the database",
      ]);
    });
  });
});
