import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { enqueueJob } from "../../src/jobs/enqueue-job.ts";
import { leaseJobs, SELECT_AND_LOCK, SELECT_GROUP_HEADS } from "../../src/jobs/lease-jobs.ts";
import { openTestDb, type TestDatabase, testBackends } from "../helpers/test-db.ts";
import { aJob } from "./job-test-kit.ts";

const BACKLOG = 2_000;

describe.each(testBackends())("jobs/leaseJobs past a busy pull request on %s", (backend) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDb(backend);
  });
  afterAll(() => test.cleanup());

  /** One running job of pr-busy and 2,000 queued behind it, older than everything else. */
  beforeEach(async () => {
    await test.db.query("TRUNCATE jobs RESTART IDENTITY");
    await test.db.query(
      `INSERT INTO jobs (kind, installation_id, repo_id, payload, group_key, max_attempts, run_at)
       SELECT 'test', 1, 1, '{}', 'pr-busy', 5, now() - interval '1 hour' + i * interval '1 ms'
       FROM generate_series(1, $1) AS i`,
      [BACKLOG + 1],
    );
    const [running] = await leaseJobs(test.db, { limit: 1, leaseMs: 600_000 });
    expect(running?.groupKey).toBe("pr-busy");
  });

  it("reaches the other pull requests' heads and the ungrouped jobs behind the backlog", async () => {
    const a1 = await enqueueJob(test.db, aJob({ groupKey: "pr-a" }));
    await enqueueJob(test.db, aJob({ groupKey: "pr-a" }));
    const b1 = await enqueueJob(test.db, aJob({ groupKey: "pr-b" }));
    const free = await enqueueJob(test.db, aJob());

    const leased = await leaseJobs(test.db, { limit: 8, leaseMs: 60_000 });

    expect(leased.map((job) => job.id).sort((x, y) => x - y)).toEqual([a1?.id, b1?.id, free?.id]);
  });

  it("takes nothing of the busy group while its job runs", async () => {
    const leased = await leaseJobs(test.db, { limit: 8, leaseMs: 60_000 });

    expect(leased).toEqual([]);
  });

  if (backend === "postgres") {
    it("does not walk the backlog: no step of the plan touches more than a few hundred rows", async () => {
      for (const group of ["pr-a", "pr-b", "pr-c"])
        await enqueueJob(test.db, aJob({ groupKey: group }));
      await test.db.query("ANALYZE jobs");

      const plans = await test.db.transaction(async (tx) => {
        await tx.exec("SET LOCAL enable_sort = off; SET LOCAL jit = off");
        const explain = async (sql: string, params: unknown[]) =>
          (
            await tx.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, COSTS off) ${sql}`, params)
          ).rows.map((row) => row["QUERY PLAN"]);
        return [
          ...(await explain(SELECT_AND_LOCK, [8, 72])),
          ...(await explain(SELECT_GROUP_HEADS, [8, []])),
        ];
      });
      const touched = plans.flatMap((line) => {
        const scanned = /actual time=\S+ rows=(\d+) loops=(\d+)/.exec(line);
        const removed = /Rows Removed by (?:Filter|Join Filter): (\d+)/.exec(line);
        return [
          scanned ? Number(scanned[1]) * Number(scanned[2]) : 0,
          removed ? Number(removed[1]) : 0,
        ];
      });

      expect(Math.max(...touched)).toBeLessThan(200);
    });
  }
});
