import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deleteExpiredRows } from "../../src/store/delete-expired-rows.ts";
import { openTestDb, type TestDatabase, testBackends } from "../helpers/test-db.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
const now = new Date("2026-12-02T12:00:00Z");
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);

describe.each(testBackends())("store/deleteExpiredRows on %s", (backend) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDb(backend);
  });
  afterAll(() => test.cleanup());

  const addDelivery = (id: string, receivedAt: Date) =>
    test.db.query(
      "INSERT INTO deliveries (delivery_id, installation_id, repo_id, event, received_at) VALUES ($1, 1, 1, 'push', $2)",
      [id, receivedAt],
    );
  const addJob = (name: string, status: string, finishedAt: Date | null) =>
    test.db.query(
      `INSERT INTO jobs (kind, installation_id, repo_id, payload, dedupe_key, status, max_attempts, created_at, finished_at)
       VALUES ('test', 1, 1, '{}', $1, $2, 5, $4, $3)`,
      [name, status, finishedAt, daysAgo(30)],
    );
  const addCacheEntry = (key: string, createdAt: Date, usedAt: Date) =>
    test.db.query(
      `INSERT INTO llm_cache (installation_id, repo_id, cache_key, findings, created_at, used_at)
       VALUES (1, 1, $1, '[]', $2, $3)`,
      [key, createdAt, usedAt],
    );
  const remaining = async () => ({
    deliveries: (
      await test.db.query<{ delivery_id: string }>(
        "SELECT delivery_id FROM deliveries ORDER BY delivery_id",
      )
    ).rows.map((row) => row.delivery_id),
    jobs: (
      await test.db.query<{ dedupe_key: string }>("SELECT dedupe_key FROM jobs ORDER BY dedupe_key")
    ).rows.map((row) => row.dedupe_key),
    llmCache: (
      await test.db.query<{ cache_key: string }>(
        "SELECT cache_key FROM llm_cache ORDER BY cache_key",
      )
    ).rows.map((row) => row.cache_key),
  });

  beforeEach(async () => {
    await test.db.query("TRUNCATE jobs, deliveries, llm_cache");
    await addDelivery("old-1", daysAgo(20));
    await addDelivery("old-2", daysAgo(15));
    await addDelivery("redeliverable", daysAgo(3));
    await addJob("done-old", "done", daysAgo(20));
    await addJob("dead-old", "dead", daysAgo(15));
    await addJob("cancelled-old", "cancelled", daysAgo(15));
    await addJob("done-new", "done", daysAgo(1));
    // Unfinished jobs stay whatever their age.
    await addJob("queued-old", "queued", null);
    await addJob("running-old", "running", null);
    await addCacheEntry("unused", daysAgo(40), daysAgo(20));
    // Old, but a pass still used it lately: it stays.
    await addCacheEntry("old-but-used", daysAgo(60), daysAgo(3));
  });

  it("deletes deliveries, finished jobs and unused cache entries older than the cutoff, and nothing else", async () => {
    const deleted = await deleteExpiredRows(test.db, daysAgo(14), { batchSize: 2 });

    expect(deleted).toEqual({ deliveries: 2, jobs: 3, llmCache: 1 });
    expect(await remaining()).toEqual({
      deliveries: ["redeliverable"],
      jobs: ["done-new", "queued-old", "running-old"],
      llmCache: ["old-but-used"],
    });
  });

  it("stops after its batch budget and leaves the rest, oldest first gone", async () => {
    const deleted = await deleteExpiredRows(test.db, daysAgo(14), { batchSize: 1, maxBatches: 1 });

    expect(deleted).toEqual({ deliveries: 1, jobs: 1, llmCache: 1 });
    const left = await remaining();
    expect(left.deliveries).toEqual(["old-2", "redeliverable"]);
    expect(left.jobs).not.toContain("done-old");
    expect(left.jobs).toHaveLength(5);
  });
});
