import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUEUE_STATS_SQL } from "../../src/jobs/queue-stats.ts";
import { openTestDb, type TestDatabase, testBackends } from "../helpers/test-db.ts";

// The plan matters on PostgreSQL, where the table grows with every replica's history; PGlite's
// planner is the same code, but the scale-out path is what /metrics is scraped on.
describe.skipIf(!testBackends().includes("postgres"))("jobs/queueStats plan on postgres", () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDb("postgres");
    // A table that is mostly history: 50,000 done jobs, a few queued, running and dead.
    await test.db.query(
      `INSERT INTO jobs (kind, installation_id, repo_id, payload, status, max_attempts, finished_at)
       SELECT 'test', 1, 1, '{}', 'done', 5, now() FROM generate_series(1, 50000)`,
    );
    await test.db.query(
      `INSERT INTO jobs (kind, installation_id, repo_id, payload, status, max_attempts, lease_until)
       SELECT 'test', 1, 1, '{}', s, 5, CASE WHEN s = 'running' THEN now() END
       FROM unnest(ARRAY['queued', 'queued', 'running', 'dead']) AS s`,
    );
    await test.db.query("ANALYZE jobs");
  }, 60_000);
  afterAll(() => test.cleanup());

  it("counts through the partial indexes, without a sequential scan of jobs", async () => {
    const { rows } = await test.db.query<{ "QUERY PLAN": string }>(`EXPLAIN ${QUEUE_STATS_SQL}`);
    const plan = rows.map((row) => row["QUERY PLAN"]).join("\n");

    expect(plan).not.toMatch(/Seq Scan on jobs/);
    expect(plan).toMatch(/jobs_runnable/);
    expect(plan).toMatch(/jobs_running/);
    expect(plan).toMatch(/jobs_dead/);
  });
});
