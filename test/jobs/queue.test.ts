import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cancelQueuedJobs } from "../../src/jobs/cancel-queued-jobs.ts";
import { completeJob, completeJobs } from "../../src/jobs/complete-job.ts";
import { enqueueJob } from "../../src/jobs/enqueue-job.ts";
import { extendLease } from "../../src/jobs/extend-lease.ts";
import { failJob } from "../../src/jobs/fail-job.ts";
import { leaseJobs } from "../../src/jobs/lease-jobs.ts";
import { PermanentJobError } from "../../src/jobs/permanent-job-error.ts";
import { queueStats } from "../../src/jobs/queue-stats.ts";
import { releaseJob } from "../../src/jobs/release-job.ts";
import type { Db } from "../../src/store/db.ts";
import { openTestDb, type TestDatabase, testBackends } from "../helpers/test-db.ts";
import { aJob, countByStatus, readJob, sleep } from "./job-test-kit.ts";

describe.each(testBackends())("jobs/queue on %s", (backend) => {
  let test: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    test = await openTestDb(backend);
    db = test.db;
  });
  beforeEach(async () => {
    await db.query("TRUNCATE jobs RESTART IDENTITY");
  });
  afterAll(async () => {
    await test.cleanup();
  });

  /** Makes a queued job due now, as if its backoff had passed. */
  const makeDue = (id: number) => db.query("UPDATE jobs SET run_at = now() WHERE id = $1", [id]);

  describe("enqueueJob", () => {
    it("stores the payload and makes the job runnable at once", async () => {
      const created = await enqueueJob(db, aJob({ payload: [{ sha: "abc" }], groupKey: "1#2" }));

      const [job] = await leaseJobs(db, { limit: 5, leaseMs: 60_000 });

      expect(job).toMatchObject({
        id: created?.id,
        kind: "test",
        payload: [{ sha: "abc" }],
        groupKey: "1#2",
        attempts: 1,
        maxAttempts: 5,
        lastError: null,
      });
    });

    it("makes a second enqueue with the same dedupe key a no-op", async () => {
      const first = await enqueueJob(db, aJob({ dedupeKey: "review:1:2:abc", payload: 1 }));

      const second = await enqueueJob(db, aJob({ dedupeKey: "review:1:2:abc", payload: 2 }));

      expect(first).not.toBeNull();
      expect(second).toBeNull();
      const jobs = await leaseJobs(db, { limit: 5, leaseMs: 60_000 });
      expect(jobs.map((job) => job.payload)).toEqual([1]);
    });

    it("runs in the caller's transaction: a rollback leaves no job", async () => {
      await expect(
        db.transaction(async (tx) => {
          await enqueueJob(tx, aJob());
          throw new Error("applyEvent failed");
        }),
      ).rejects.toThrow("applyEvent failed");

      expect(await leaseJobs(db, { limit: 5, leaseMs: 60_000 })).toEqual([]);
    });

    it("holds a job back until its run_at", async () => {
      await enqueueJob(db, aJob({ runAt: new Date(Date.now() + 60_000) }));

      expect(await leaseJobs(db, { limit: 5, leaseMs: 60_000 })).toEqual([]);
    });
  });

  describe("cancelQueuedJobs", () => {
    it("cancels queued work of one kind in one group, and nothing running", async () => {
      await enqueueJob(db, aJob({ kind: "review", groupKey: "pr-1" }));
      const [running] = await leaseJobs(db, { limit: 1, leaseMs: 60_000 });
      await enqueueJob(db, aJob({ kind: "review", groupKey: "pr-1" }));
      await enqueueJob(db, aJob({ kind: "review", groupKey: "pr-1" }));
      await enqueueJob(db, aJob({ kind: "dispatch", groupKey: "pr-1" }));
      await enqueueJob(db, aJob({ kind: "review", groupKey: "pr-2" }));

      const cancelled = await cancelQueuedJobs(db, { groupKey: "pr-1", kind: "review" });

      expect(cancelled).toBe(2);
      expect((await readJob(db, running.id)).status).toBe("running");
      await completeJob(db, running);
      const next = await leaseJobs(db, { limit: 5, leaseMs: 60_000 });
      expect(next.map((job) => [job.kind, job.groupKey]).sort()).toEqual([
        ["dispatch", "pr-1"],
        ["review", "pr-2"],
      ]);
    });
  });

  describe("leaseJobs", () => {
    it("leases in queue order and never the same job twice", async () => {
      for (let i = 0; i < 5; i++) await enqueueJob(db, aJob({ payload: i }));

      const first = await leaseJobs(db, { limit: 3, leaseMs: 60_000 });
      const second = await leaseJobs(db, { limit: 3, leaseMs: 60_000 });

      expect(first.map((job) => job.payload)).toEqual([0, 1, 2]);
      expect(second.map((job) => job.payload)).toEqual([3, 4]);
      expect(new Set([...first, ...second].map((job) => job.leaseToken)).size).toBe(5);
    });

    it("takes one job per group, and none of a group that has a running job", async () => {
      for (const group of ["a", "a", "b", "a", "b", "c"]) {
        await enqueueJob(db, aJob({ groupKey: group }));
      }

      const first = await leaseJobs(db, { limit: 10, leaseMs: 60_000 });
      const second = await leaseJobs(db, { limit: 10, leaseMs: 60_000 });
      await completeJob(db, first.find((job) => job.groupKey === "a") as (typeof first)[0]);
      const third = await leaseJobs(db, { limit: 10, leaseMs: 60_000 });

      expect(first.map((job) => job.groupKey)).toEqual(["a", "b", "c"]);
      expect(second).toEqual([]);
      expect(third.map((job) => job.groupKey)).toEqual(["a"]);
    });

    it("re-runs a job whose lease expired (a crashed worker), as a new attempt", async () => {
      const created = await enqueueJob(db, aJob());
      const [crashed] = await leaseJobs(db, { limit: 1, leaseMs: 1 });
      await sleep(20);

      const [again] = await leaseJobs(db, { limit: 1, leaseMs: 60_000 });

      expect(again.id).toBe(created?.id);
      expect(again.attempts).toBe(2);
      expect(again.leaseToken).not.toBe(crashed.leaseToken);
      expect(again.lastError?.attempts).toEqual([
        { attempt: 1, at: expect.any(String), message: expect.stringContaining("lease expired") },
      ]);
    });

    it("ignores a stale worker's complete, fail and extend after its lease was taken over", async () => {
      const created = await enqueueJob(db, aJob());
      const [stale] = await leaseJobs(db, { limit: 1, leaseMs: 1 });
      await sleep(20);
      const [current] = await leaseJobs(db, { limit: 1, leaseMs: 60_000 });

      const completed = await completeJob(db, stale);
      const failed = await failJob(db, stale, new Error("late"));
      const extended = await extendLease(db, stale, 60_000);

      expect([completed, failed, extended]).toEqual([false, "stale", false]);
      const row = await readJob(db, created?.id as number);
      expect(row).toMatchObject({
        status: "running",
        attempts: 2,
        lease_token: current.leaseToken,
      });
      expect(await completeJob(db, current)).toBe(true);
      expect((await readJob(db, current.id)).status).toBe("done");
    });

    it("sends a job whose last attempt's lease expired to dead, keeping its history", async () => {
      const created = await enqueueJob(db, aJob({ maxAttempts: 2 }));
      for (let i = 0; i < 2; i++) {
        await leaseJobs(db, { limit: 1, leaseMs: 1 });
        await sleep(20);
      }

      const leased = await leaseJobs(db, { limit: 1, leaseMs: 60_000 });

      // Only the death's report runs; the dead job itself is never leased again.
      expect(leased.map((job) => [job.kind, job.payload])).toEqual([
        ["ReportFailure", { jobId: created?.id, generation: 0 }],
      ]);
      const row = await readJob(db, created?.id as number);
      expect(row.status).toBe("dead");
      expect(row.last_error?.message).toMatch(/2 of 2 attempts.*lease expired 2 times/);
      expect(row.last_error?.attempts.map((entry) => entry.attempt)).toEqual([1, 2]);
    });
  });

  describe("completeJobs", () => {
    it("completes a batch in one statement, skipping jobs whose lease was taken over", async () => {
      for (let i = 0; i < 3; i++) await enqueueJob(db, aJob());
      const [stale] = await leaseJobs(db, { limit: 1, leaseMs: 1 });
      await sleep(20);
      const current = await leaseJobs(db, { limit: 3, leaseMs: 60_000 });

      const done = await completeJobs(db, [stale, ...current]);

      expect([...done].sort()).toEqual(current.map((job) => job.id).sort());
      expect(current.map((job) => job.id)).toContain(stale.id);
      expect(await countByStatus(db)).toEqual({ done: 3 });
    });
  });

  describe("failJob", () => {
    it("retries with a backoff that grows with every attempt", async () => {
      const created = await enqueueJob(db, aJob({ maxAttempts: 5 }));
      const delays: number[] = [];
      for (let attempt = 1; attempt <= 4; attempt++) {
        const [job] = await leaseJobs(db, { limit: 1, leaseMs: 60_000 });
        expect(job.attempts).toBe(attempt);

        expect(await failJob(db, job, new Error(`attempt ${attempt}`))).toBe("retry");

        const row = await readJob(db, created?.id as number);
        expect(row.status).toBe("queued");
        delays.push(row.run_at.getTime() - row.updated_at.getTime());
        await makeDue(job.id);
      }

      expect(delays[0]).toBeGreaterThanOrEqual(1_000);
      for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1]);
    });

    it("waits the error's retryAfterMs (a rate limit) instead of the backoff", async () => {
      await enqueueJob(db, aJob());
      const [job] = await leaseJobs(db, { limit: 1, leaseMs: 60_000 });

      await failJob(db, job, Object.assign(new Error("rate limited"), { retryAfterMs: 120_000 }));

      const row = await readJob(db, job.id);
      expect(row.run_at.getTime() - row.updated_at.getTime()).toBe(120_000);
    });

    it("sends a permanent error to dead at once", async () => {
      await enqueueJob(db, aJob());
      const [job] = await leaseJobs(db, { limit: 1, leaseMs: 60_000 });

      const outcome = await failJob(db, job, new PermanentJobError("config is invalid"));

      expect(outcome).toBe("dead");
      const row = await readJob(db, job.id);
      expect(row.status).toBe("dead");
      expect(row.last_error).toMatchObject({
        name: "PermanentJobError",
        message: "config is invalid",
      });
    });

    it("keeps the last 20 attempts and a bounded stack", async () => {
      await enqueueJob(db, aJob({ maxAttempts: 30 }));
      const error = new Error("flaky");
      error.stack = `Error: flaky\n${"    at somewhere (file.ts:1:1)\n".repeat(1_000)}`;
      for (let attempt = 1; attempt <= 25; attempt++) {
        const [job] = await leaseJobs(db, { limit: 1, leaseMs: 60_000 });
        await failJob(db, job, error);
        await makeDue(job.id);
      }

      const [job] = await leaseJobs(db, { limit: 1, leaseMs: 60_000 });

      expect(job.lastError?.attempts.map((entry) => entry.attempt)).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 6),
      );
      expect(job.lastError?.stack?.length).toBeLessThan(9 * 1024);
      expect(job.lastError?.stack).toContain("truncated");
    });
  });

  describe("releaseJob", () => {
    it("hands a running job back runnable at once without counting the attempt", async () => {
      await enqueueJob(db, aJob());
      const [job] = await leaseJobs(db, { limit: 1, leaseMs: 60_000 });

      expect(await releaseJob(db, job)).toBe(true);

      const [again] = await leaseJobs(db, { limit: 1, leaseMs: 60_000 });
      expect(again).toMatchObject({ id: job.id, attempts: 1 });
    });
  });

  describe("queueStats", () => {
    it("counts queued, running and dead jobs and the oldest wait", async () => {
      await enqueueJob(db, aJob({ runAt: new Date(Date.now() - 30_000) }));
      await enqueueJob(db, aJob());
      await enqueueJob(db, aJob());
      const [running, dying] = await leaseJobs(db, { limit: 2, leaseMs: 60_000 });
      await failJob(db, dying, new PermanentJobError("no"));
      await enqueueJob(db, aJob({ runAt: new Date(Date.now() - 10_000) }));

      const stats = await queueStats(db);

      expect(running).toBeDefined();
      // Queued: the two enqueued above and the dead job's ReportFailure.
      expect(stats).toMatchObject({ queued: 3, running: 1, dead: 1 });
      expect(stats.oldestQueuedSeconds).toBeGreaterThanOrEqual(9);
      expect(stats.oldestQueuedSeconds).toBeLessThan(60);
    });
  });
});
