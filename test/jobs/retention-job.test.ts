import { beforeEach, describe, expect, it } from "vitest";
import { createRetentionHandler } from "../../src/retention-job/create-retention-handler.ts";
import { enqueueRetention, RETENTION_KIND } from "../../src/retention-job/enqueue-retention.ts";
import { scheduleRetention } from "../../src/retention-job/schedule-retention.ts";
import type { Db, Queryable } from "../../src/store/db.ts";
import { testBackends } from "../helpers/test-db.ts";
import { silentLog, sleep, waitFor } from "./job-test-kit.ts";
import { useWorkerDatabase } from "./use-worker-database.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

describe.each(testBackends())("retention job on %s", (backend) => {
  const { pools, startWorker } = useWorkerDatabase(backend);
  let db: Db;
  let other: Db;
  beforeEach(async () => {
    ({ db, other } = pools);
    await db.query("TRUNCATE deliveries");
  });

  const retentionJobs = async () =>
    (
      await db.query<{ dedupe_key: string; status: string }>(
        "SELECT dedupe_key, status FROM jobs WHERE kind = $1 ORDER BY id",
        [RETENTION_KIND],
      )
    ).rows;

  it("enqueues one job per UTC hour, however many replicas ask", async () => {
    const at = (time: string) => new Date(`2026-12-02T${time}Z`);

    const answers = [
      await enqueueRetention(db, at("17:00:05")),
      await enqueueRetention(other, at("17:20:00")),
      await enqueueRetention(db, at("17:59:59")),
      await enqueueRetention(other, at("18:00:00")),
    ];

    expect(answers).toEqual([true, false, false, true]);
    expect((await retentionJobs()).map((job) => job.dedupe_key)).toEqual([
      "retention:2026-12-02T17",
      "retention:2026-12-02T18",
    ]);
  });

  it("runs once across two workers and deletes rows older than the retention", async () => {
    await db.query(
      `INSERT INTO deliveries (delivery_id, installation_id, repo_id, event, received_at)
       VALUES ('old', 1, 1, 'push', $1), ('recent', 1, 1, 'push', $2)`,
      [new Date(Date.now() - 15 * DAY_MS), new Date(Date.now() - 2 * DAY_MS)],
    );
    await db.query(
      `INSERT INTO jobs (kind, installation_id, repo_id, payload, status, max_attempts, finished_at)
       VALUES ('test', 1, 1, '{}', 'done', 5, $1)`,
      [new Date(Date.now() - 15 * DAY_MS)],
    );
    let runs = 0;
    const handler = createRetentionHandler({ db, retentionDays: 14 });
    const counted = {
      [RETENTION_KIND]: async (...args: Parameters<typeof handler>) => {
        runs += 1;
        await handler(...args);
      },
    };

    startWorker({ db, handlers: counted });
    startWorker({ db: other, handlers: counted });
    await Promise.all([enqueueRetention(db), enqueueRetention(other)]);
    await waitFor(async () => (await retentionJobs())[0]?.status === "done");
    await sleep(50);

    expect(runs).toBe(1);
    const left = await db.query<{ delivery_id: string }>("SELECT delivery_id FROM deliveries");
    expect(left.rows).toEqual([{ delivery_id: "recent" }]);
    const jobs = await db.query<{ kind: string }>("SELECT kind FROM jobs");
    expect(jobs.rows).toEqual([{ kind: RETENTION_KIND }]);
  });

  it("is scheduled at start-up and then every period until stopped", async () => {
    let enqueued = 0;
    let ticks = 0;
    const counting: Queryable = {
      query: (sql, params) => {
        ticks += 1;
        return db.query(sql, params);
      },
      exec: (sql) => db.exec(sql),
    };

    const stop = scheduleRetention({
      db: counting,
      log: silentLog,
      firstAfterMs: 0,
      everyMs: 20,
      onEnqueued: () => {
        enqueued += 1;
      },
    });
    await waitFor(async () => ticks >= 3);
    stop();
    const ticksAtStop = ticks;
    await sleep(60);

    expect(ticks).toBe(ticksAtStop);
    // The same hour: later ticks find the key taken and enqueue nothing.
    expect(enqueued).toBe(1);
    expect(await retentionJobs()).toHaveLength(1);
  });
});
