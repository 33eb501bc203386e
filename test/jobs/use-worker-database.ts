import { afterAll, beforeAll, beforeEach } from "vitest";
import { createWorker, type Worker, type WorkerOptions } from "../../src/jobs/create-worker.ts";
import { enqueueJob } from "../../src/jobs/enqueue-job.ts";
import type { JobHandler } from "../../src/jobs/job-types.ts";
import type { Db } from "../../src/store/db.ts";
import { type BackendName, openTestDb, type TestDatabase } from "../helpers/test-db.ts";
import { aJob, silentLog } from "./job-test-kit.ts";

/**
 * Registers hooks that give a describe block one database (two pools on PostgreSQL), an empty
 * jobs table per test, and workers that are stopped after each test.
 */
export function useWorkerDatabase(backend: BackendName) {
  let test: TestDatabase;
  const pools = {} as { db: Db; other: Db };
  const workers: Worker[] = [];
  const stopAll = () =>
    Promise.all(workers.splice(0).map((worker) => worker.stop({ deadlineMs: 100 })));
  beforeAll(async () => {
    test = await openTestDb(backend);
    pools.db = test.db;
    pools.other = await test.openAnother();
  });
  beforeEach(async () => {
    await stopAll();
    await pools.db.query("TRUNCATE jobs RESTART IDENTITY");
  });
  afterAll(async () => {
    await stopAll();
    await test.cleanup();
  });

  /** Starts a worker (concurrency 4, pollMs 10, on the first pool unless `db` is given). */
  const startWorker = (
    options: Partial<WorkerOptions> & { handlers: Record<string, JobHandler> },
  ) => {
    const worker = createWorker({
      db: pools.db,
      concurrency: 4,
      pollMs: 10,
      log: silentLog,
      ...options,
    });
    workers.push(worker);
    worker.start();
    return worker;
  };

  /** Enqueues `count` jobs in one transaction. */
  const enqueueMany = (count: number, make: (i: number) => Parameters<typeof aJob>[0]) =>
    pools.db.transaction(async (tx) => {
      for (let i = 0; i < count; i++) await enqueueJob(tx, aJob(make(i)));
    });

  return { pools, startWorker, enqueueMany };
}
