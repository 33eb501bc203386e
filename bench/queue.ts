/**
 * Queue benchmark (issue 2): jobs/s from the first enqueue until every job is complete, with
 * real workers and a no-op handler, and lease-only throughput, on in-memory PGlite and on
 * PostgreSQL (TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test, in a fresh schema
 * dropped afterwards; skipped with a message when unreachable).
 * Run: `npx node bench/queue.ts [jobs]` or `npm run bench -- queue --jobs 5000`; prints JSON.
 * `--pglite-disk` puts PGlite on a data directory (the app's default) instead of in memory.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import pino from "pino";
import { createWorker } from "../src/jobs/create-worker.ts";
import { enqueueJob } from "../src/jobs/enqueue-job.ts";
import { leaseJobs } from "../src/jobs/lease-jobs.ts";
import type { Db } from "../src/store/db.ts";
import { migrate } from "../src/store/migrate.ts";
import { openPglite } from "../src/store/open-pglite.ts";
import { openPostgres } from "../src/store/open-postgres.ts";

export interface BenchQueueOptions {
  /** Jobs per run (default 5,000). */
  jobs?: number;
  /** Worker concurrency on PostgreSQL (default 8); PGlite runs one worker of this many too. */
  concurrency?: number;
  /** Workers (each its own pool on PostgreSQL) (default 2). */
  workers?: number;
  /** Jobs taken per lease call in the lease-only run (default 8). */
  leaseBatch?: number;
  /**
   * Concurrent enqueuers on PostgreSQL, each inserting one job per transaction as webhook
   * deliveries do (default 16). Enqueues are durable commits, so this bounds the arrival rate.
   */
  enqueueLanes?: number;
  /** Queued jobs of the one busy pull request in the lease-past-a-busy-group run (default 2,000). */
  busy?: number;
  /** Other pull requests (one queued job each) behind the busy one (default 20). */
  others?: number;
  /** Run one measurement only: `complete`, `lease` or `busy` (default all three). */
  only?: string;
  /**
   * PGlite on a data directory on disk (the app's default storage) instead of in memory: what
   * the synchronous lease commit costs there.
   */
  pgliteDisk?: boolean;
  postgresUrl?: string;
}

interface Backend {
  name: "pglite" | "postgres";
  /** Opens one more connection pool (a replica); PGlite has only one connection. */
  open(): Promise<Db>;
  cleanup(): Promise<void>;
}

const log = pino({ level: "silent" });
const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;

async function pgliteBackend(disk: boolean): Promise<Backend> {
  const dataDir = disk ? await mkdtemp(join(tmpdir(), "reviewloop-bench-")) : undefined;
  const db = await openPglite(dataDir === undefined ? {} : { dataDir });
  await migrate(db);
  return {
    name: "pglite",
    open: async () => db,
    async cleanup() {
      await db.close();
      if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function postgresBackend(url: string): Promise<Backend | string> {
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    return `PostgreSQL at ${url} is unreachable (${(error as Error).message}): skipped`;
  }
  const schema = `bench_${randomBytes(6).toString("hex")}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  const pools: Db[] = [];
  const open = async () => {
    const db = await openPostgres({ connectionString: url, schema, max: 10 });
    pools.push(db);
    return db;
  };
  await migrate(await open());
  return {
    name: "postgres",
    open,
    async cleanup() {
      await Promise.all(pools.map((pool) => pool.close()));
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

/** Enqueues `count` jobs one statement each (as webhooks do), over a few parallel lanes. */
async function enqueueAll(db: Db, count: number, lanes: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < count) {
        const i = next++;
        await enqueueJob(db, {
          kind: "noop",
          installationId: 1,
          repoId: 1 + (i % 50),
          payload: { i },
          dedupeKey: `bench:${i}`,
          groupKey: `pr-${i}`,
        });
      }
    }),
  );
}

async function runWorkers(
  backend: Backend,
  options: Required<
    Omit<BenchQueueOptions, "postgresUrl" | "busy" | "others" | "only" | "pgliteDisk">
  >,
) {
  const db = await backend.open();
  await db.query("TRUNCATE jobs RESTART IDENTITY");
  const workerCount = backend.name === "pglite" ? 1 : options.workers;
  let finished = 0;
  let allDone: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    allDone = resolve;
  });
  const workers = [];
  for (let w = 0; w < workerCount; w++) {
    const worker = createWorker({
      db: w === 0 ? db : await backend.open(),
      handlers: { noop: async () => {} },
      concurrency: options.concurrency,
      pollMs: 50,
      log,
      observer: {
        jobFinished() {
          finished += 1;
          if (finished === options.jobs) allDone();
        },
      },
    });
    worker.start();
    workers.push(worker);
  }
  // Enqueuers get a pool of their own (as webhook replicas would), so the measured workers never
  // wait for a connection behind them.
  const enqueuer = await backend.open();
  const started = performance.now();
  await enqueueAll(enqueuer, options.jobs, backend.name === "pglite" ? 1 : options.enqueueLanes);
  const enqueueSeconds = (performance.now() - started) / 1000;
  await done;
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(workers.map((worker) => worker.stop()));
  return {
    backend: backend.name,
    mode: "enqueue → complete",
    jobs: options.jobs,
    workers: workerCount,
    concurrency: options.concurrency,
    seconds: round(seconds, 2),
    jobsPerSecond: round(options.jobs / seconds),
    enqueueSeconds: round(enqueueSeconds, 2),
    enqueuePerSecond: round(options.jobs / enqueueSeconds),
  };
}

async function runLeaseOnly(backend: Backend, jobs: number, batch: number) {
  const db = await backend.open();
  await db.query("TRUNCATE jobs RESTART IDENTITY");
  await enqueueAll(db, jobs, 4);
  const started = performance.now();
  let leased = 0;
  for (;;) {
    const got = await leaseJobs(db, { limit: batch, leaseMs: 60_000 });
    if (got.length === 0) break;
    leased += got.length;
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    backend: backend.name,
    mode: "lease only",
    jobs: leased,
    leaseBatch: batch,
    seconds: round(seconds, 2),
    jobsPerSecond: round(leased / seconds),
    leaseCallsPerSecond: round(leased / batch / seconds),
  };
}

/**
 * Leasing while one pull request is busy: its group has a running job and `busy` queued jobs,
 * all older than the jobs of `others` other pull requests. Every lease call must skip the busy group
 * to reach them; this times the calls (limit 8) until the other jobs are all leased.
 */
async function runLeaseBusy(backend: Backend, busy: number, others: number, batch: number) {
  const db = await backend.open();
  await db.query("TRUNCATE jobs RESTART IDENTITY");
  await db.query(
    `INSERT INTO jobs (kind, installation_id, repo_id, payload, group_key, max_attempts, run_at)
     SELECT 'noop', 1, 1, '{}', 'pr-busy', 5, now() - interval '1 hour' + i * interval '1 ms'
     FROM generate_series(1, $1) AS i`,
    [busy + 1],
  );
  await leaseJobs(db, { limit: 1, leaseMs: 3_600_000 }); // the busy group's running job
  await db.query(
    `INSERT INTO jobs (kind, installation_id, repo_id, payload, group_key, max_attempts)
     SELECT 'noop', 1, 1, '{}', 'pr-' || i, 5 FROM generate_series(1, $1) AS i`,
    [others],
  );
  if (backend.name === "postgres") await db.query("ANALYZE jobs");
  const timings: number[] = [];
  let leased = 0;
  while (leased < others) {
    const started = performance.now();
    const got = await leaseJobs(db, { limit: batch, leaseMs: 60_000 });
    timings.push(performance.now() - started);
    if (got.length === 0)
      throw new Error("lease-busy: the other pull requests' jobs were not reached");
    leased += got.length;
  }
  timings.sort((a, b) => a - b);
  const mean = timings.reduce((sum, t) => sum + t, 0) / timings.length;
  return {
    backend: backend.name,
    mode: "lease past a busy group",
    busyQueued: busy,
    otherJobs: others,
    leaseBatch: batch,
    leaseCalls: timings.length,
    msPerLeaseMean: round(mean, 2),
    msPerLeaseP50: round(timings[Math.floor(timings.length / 2)] ?? 0, 2),
    msPerLeaseMax: round(timings.at(-1) ?? 0, 2),
  };
}

/** Runs every measurement on each reachable backend and returns the JSON report. */
export async function benchQueue(opts: BenchQueueOptions = {}): Promise<object> {
  const options = {
    jobs: opts.jobs ?? 5_000,
    concurrency: opts.concurrency ?? 8,
    workers: opts.workers ?? 2,
    leaseBatch: opts.leaseBatch ?? 8,
    enqueueLanes: opts.enqueueLanes ?? 16,
    busy: opts.busy ?? 2_000,
    others: opts.others ?? 20,
  };
  const url =
    opts.postgresUrl ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const results: object[] = [];
  const skipped: string[] = [];
  const pgliteDisk = opts.pgliteDisk === true;
  for (const make of [() => pgliteBackend(pgliteDisk), () => postgresBackend(url)]) {
    const backend = await make();
    if (typeof backend === "string") {
      skipped.push(backend);
      console.error(backend);
      continue;
    }
    try {
      const run = (name: string) => opts.only === undefined || opts.only === name;
      if (run("complete")) results.push(await runWorkers(backend, options));
      if (run("lease")) results.push(await runLeaseOnly(backend, options.jobs, options.leaseBatch));
      if (run("busy"))
        results.push(await runLeaseBusy(backend, options.busy, options.others, options.leaseBatch));
    } finally {
      await backend.cleanup();
    }
  }
  return {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
    pglite: pgliteDisk ? "data directory on disk" : "in memory",
    results,
    skipped,
  };
}

if (import.meta.main) {
  const jobs = Number(process.argv[2]) || undefined;
  console.log(JSON.stringify(await benchQueue({ jobs }), null, 2));
  process.exit(0);
}
