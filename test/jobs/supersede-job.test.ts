import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelQueuedJobs } from "../../src/jobs/cancel-queued-jobs.ts";
import { supersedeJob } from "../../src/jobs/supersede-job.ts";
import { openTestDb, type TestDatabase, testBackends } from "../helpers/test-db.ts";

const job = (group: string, key: string, kind = "RunReview") => ({
  kind,
  installationId: 1,
  repoId: 2,
  payload: { key },
  dedupeKey: key,
  groupKey: group,
});

describe.each(testBackends())("jobs/supersedeJob on %s", (backend) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDb(backend);
  });
  afterAll(() => test.cleanup());

  async function statuses(group: string) {
    const { rows } = await test.db.query<{ key: string; status: string }>(
      "SELECT payload->>'key' AS key, status FROM jobs WHERE group_key = $1 ORDER BY id",
      [group],
    );
    return rows.map((row) => `${row.key}:${row.status}`);
  }

  it("queues the new job and cancels the queued one of the same group and kind", async () => {
    await supersedeJob(test.db, job("g1", "a"));

    const outcome = await supersedeJob(test.db, job("g1", "b"));

    expect(outcome).toEqual({ enqueued: true, cancelled: 1 });
    expect(await statuses("g1")).toEqual(["a:cancelled", "b:queued"]);
  });

  it("wakes a queued job that deferred itself instead of cancelling it, ahead of the new one", async () => {
    await supersedeJob(test.db, job("g9", "waiting"));
    await test.db.query(
      "UPDATE jobs SET deferred = true, run_at = now() + interval '1 hour' WHERE payload->>'key' = 'waiting'",
    );

    const outcome = await supersedeJob(test.db, job("g9", "newer"));

    expect(outcome).toEqual({ enqueued: true, cancelled: 0 });
    expect(await statuses("g9")).toEqual(["waiting:queued", "newer:queued"]);
    const { rows } = await test.db.query<{ key: string; due: boolean }>(
      "SELECT payload->>'key' AS key, run_at <= now() AS due FROM jobs WHERE group_key = 'g9' ORDER BY run_at, id",
    );
    expect(rows).toEqual([
      { key: "waiting", due: true },
      { key: "newer", due: true },
    ]);
  });

  it("wakes a deferred job of a closed pull request and cancels the rest (cancelQueuedJobs)", async () => {
    await supersedeJob(test.db, job("g10", "closing"));
    await supersedeJob(test.db, job("g10", "close-cmd", "RunCommands"));
    await test.db.query(
      "UPDATE jobs SET deferred = true, run_at = now() + interval '1 hour' WHERE payload->>'key' = 'closing'",
    );

    const cancelled = await cancelQueuedJobs(test.db, { groupKey: "g10" });

    expect(cancelled).toBe(1);
    expect(await statuses("g10")).toEqual(["closing:queued", "close-cmd:cancelled"]);
    const { rows } = await test.db.query<{ due: boolean }>(
      "SELECT run_at <= now() AS due FROM jobs WHERE payload->>'key' = 'closing'",
    );
    expect(rows[0]?.due).toBe(true);
  });

  it("leaves other kinds, other groups and running jobs alone", async () => {
    await supersedeJob(test.db, job("g2", "c"));
    await supersedeJob(test.db, job("g2", "d", "RunCommands"));
    await supersedeJob(test.db, job("g3", "e"));
    await test.db.query("UPDATE jobs SET status = 'running' WHERE payload->>'key' = 'c'");

    await supersedeJob(test.db, job("g2", "f"));

    expect(await statuses("g2")).toEqual(["c:running", "d:queued", "f:queued"]);
    expect(await statuses("g3")).toEqual(["e:queued"]);
  });

  it("keeps a queued job with the same dedupe key: it is the same work", async () => {
    await supersedeJob(test.db, job("g4", "same"));

    const outcome = await supersedeJob(test.db, job("g4", "same"));

    expect(outcome).toEqual({ enqueued: false, cancelled: 0 });
    expect(await statuses("g4")).toEqual(["same:queued"]);
  });

  it.each(["done", "dead"])(
    "queues again the work of a %s job with the same key",
    async (status) => {
      const group = `g6-${status}`;
      await supersedeJob(test.db, job(group, `k-${status}`));
      await test.db.query("UPDATE jobs SET status = $1 WHERE group_key = $2", [status, group]);

      const again = await supersedeJob(test.db, job(group, `k-${status}`));

      expect(again).toEqual({ enqueued: true, cancelled: 0 });
      expect(await statuses(group)).toEqual([`k-${status}:${status}`, `k-${status}:queued`]);
    },
  );

  it("keeps a running job with the same key: it is the same work", async () => {
    await supersedeJob(test.db, job("g7", "run"));
    await test.db.query("UPDATE jobs SET status = 'running' WHERE group_key = 'g7'");

    const again = await supersedeJob(test.db, job("g7", "run"));

    expect(again).toEqual({ enqueued: false, cancelled: 0 });
    expect(await statuses("g7")).toEqual(["run:running"]);
  });

  it("lets a cancelled job's key be used again", async () => {
    await supersedeJob(test.db, job("g5", "x"));
    await supersedeJob(test.db, job("g5", "y"));

    const again = await supersedeJob(test.db, job("g5", "x"));

    expect(again).toEqual({ enqueued: true, cancelled: 1 });
    expect(await statuses("g5")).toEqual(["x:cancelled", "y:cancelled", "x:queued"]);
  });
});
