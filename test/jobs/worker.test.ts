import { beforeEach, describe, expect, it } from "vitest";
import { enqueueJob } from "../../src/jobs/enqueue-job.ts";
import type { JobHandler } from "../../src/jobs/job-types.ts";
import { leaseJobs } from "../../src/jobs/lease-jobs.ts";
import type { Db } from "../../src/store/db.ts";
import { testBackends } from "../helpers/test-db.ts";
import { aJob, countByStatus, readJob, sleep, waitFor } from "./job-test-kit.ts";
import { useWorkerDatabase } from "./use-worker-database.ts";

describe.each(testBackends())("jobs/worker on %s", (backend) => {
  const { pools, startWorker, enqueueMany } = useWorkerDatabase(backend);
  let db: Db;
  let other: Db;
  beforeEach(() => {
    ({ db, other } = pools);
  });

  it("runs each of 1,000 jobs exactly once with two workers on two pools", async () => {
    await enqueueMany(1_000, (i) => ({ payload: i, groupKey: i % 2 ? `pr-${i}` : undefined }));
    const calls = new Map<number, number>();
    const handler: JobHandler = async (job) => {
      calls.set(job.id, (calls.get(job.id) ?? 0) + 1);
    };

    startWorker({ db, handlers: { test: handler } });
    startWorker({ db: other, handlers: { test: handler } });
    await waitFor(async () => (await countByStatus(db)).done === 1_000, 15_000);

    expect(calls.size).toBe(1_000);
    expect([...calls.values()].every((count) => count === 1)).toBe(true);
    expect(await countByStatus(db)).toEqual({ done: 1_000 });
  });

  /** A handler that records when each job of a group ran, and the overlaps found. */
  function recordGroupSpans() {
    const spans = new Map<string, [number, number][]>();
    let concurrent = 0;
    let maxConcurrent = 0;
    const handler: JobHandler = async (job) => {
      concurrent += 1;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      const start = performance.now();
      await sleep(1 + Math.random() * 3);
      const group = job.groupKey as string;
      spans.set(group, [...(spans.get(group) ?? []), [start, performance.now()]]);
      concurrent -= 1;
    };
    const overlaps = () =>
      [...spans].flatMap(([group, list]) => {
        const sorted = [...list].sort((a, b) => a[0] - b[0]);
        return sorted.slice(1).flatMap((span, i) => (span[0] < sorted[i][1] ? [group] : []));
      });
    return { handler, overlaps, maxConcurrent: () => maxConcurrent };
  }

  const groups = ["pr-1", "pr-2", "pr-3", "pr-4", "pr-5"];

  it("never runs two jobs of one group at once, across two workers", async () => {
    await enqueueMany(150, (i) => ({ groupKey: groups[i % groups.length] }));
    const recorder = recordGroupSpans();

    startWorker({ db, handlers: { test: recorder.handler }, pollMs: 5 });
    startWorker({ db: other, handlers: { test: recorder.handler }, pollMs: 5 });
    await waitFor(async () => (await countByStatus(db)).done === 150, 15_000);

    expect(recorder.overlaps()).toEqual([]);
    expect(recorder.maxConcurrent()).toBeGreaterThan(1);
  });

  it("keeps groups exclusive while crashed leases expire and new jobs arrive", async () => {
    const recorder = recordGroupSpans();
    startWorker({ db, handlers: { test: recorder.handler }, pollMs: 2 });
    startWorker({ db: other, handlers: { test: recorder.handler }, pollMs: 2 });
    // A "crashing worker" takes a job now and then and never finishes it: its lease expires
    // and the job is reaped by a worker, racing the other worker leasing that group's next job.
    let crashes = 0;
    let enqueuing = true;
    const crasher = (async () => {
      while (enqueuing && crashes < 40) {
        crashes += (await leaseJobs(db, { limit: 1, leaseMs: 3 })).length;
        await sleep(2);
      }
    })();

    // Enqueued one per transaction from two pools, so commits interleave with leasing.
    await Promise.all(
      [db, other].map(async (pool, p) => {
        for (let i = 0; i < 100; i++) {
          await enqueueJob(
            pool,
            aJob({ groupKey: groups[(i + p) % groups.length], maxAttempts: 100 }),
          );
          if (i % 10 === 0) await sleep(3);
        }
      }),
    );
    enqueuing = false;
    await crasher;
    await waitFor(async () => (await countByStatus(db)).done === 200, 15_000);

    expect(recorder.overlaps()).toEqual([]);
  });

  it("gives up on a job that always fails: dead, with every attempt's time and message", async () => {
    const created = await enqueueJob(db, aJob({ maxAttempts: 3 }));
    const handler: JobHandler = async (job) => {
      throw new Error(`upstream said no (attempt ${job.attempts})`);
    };

    startWorker({ handlers: { test: handler }, backoff: { baseMs: 1 } });
    const row = await waitFor(async () => {
      const job = await readJob(db, created?.id as number);
      return job.status === "dead" ? job : null;
    });

    expect(row.attempts).toBe(3);
    expect(row.last_error).toMatchObject({
      name: "Error",
      message: "upstream said no (attempt 3)",
      stack: expect.stringContaining("upstream said no"),
    });
    const history = row.last_error?.attempts ?? [];
    expect(history.map((entry) => [entry.attempt, entry.message])).toEqual([
      [1, "upstream said no (attempt 1)"],
      [2, "upstream said no (attempt 2)"],
      [3, "upstream said no (attempt 3)"],
    ]);
    const times = history.map((entry) => Date.parse(entry.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("sends a job of an unknown kind to dead with a clear message", async () => {
    const created = await enqueueJob(db, aJob({ kind: "RunReveiw" }));

    startWorker({ handlers: { test: async () => {} } });
    const row = await waitFor(async () => {
      const job = await readJob(db, created?.id as number);
      return job.status === "dead" ? job : null;
    });

    expect(row.attempts).toBe(1);
    expect(row.last_error?.message).toBe('no handler is registered for job kind "RunReveiw"');
  });

  it("reports every outcome to the observer and gives handlers a logger bound to the job", async () => {
    await enqueueJob(db, aJob({ kind: "ok", repoId: 42 }));
    await enqueueJob(db, aJob({ kind: "flaky", maxAttempts: 2 }));
    const outcomes: string[] = [];
    const bindings: Record<string, unknown>[] = [];

    startWorker({
      handlers: {
        ok: async (_job, { log }) => {
          bindings.push(log.bindings());
        },
        flaky: async () => {
          throw new Error("flaky");
        },
      },
      backoff: { baseMs: 1 },
      observer: { jobFinished: (kind, outcome) => outcomes.push(`${kind}:${outcome}`) },
    });
    await waitFor(async () => outcomes.length === 3);

    expect(outcomes.sort()).toEqual(["flaky:dead", "flaky:retry", "ok:done"]);
    expect(bindings).toEqual([{ jobId: 1, kind: "ok", repoId: 42, attempt: 1 }]);
  });

  it("starts a job at once when woken after an enqueue, without waiting for the poll", async () => {
    let ran = false;
    const worker = startWorker({
      handlers: {
        test: async () => {
          ran = true;
        },
      },
      pollMs: 60_000,
    });
    await waitFor(async () => worker.heartbeatAt() > 0);
    await sleep(20);

    await enqueueJob(db, aJob());
    worker.wake();

    await waitFor(async () => ran, 2_000);
  });

  it("extends the lease of a long job so no one else takes it", async () => {
    const created = await enqueueJob(db, aJob());

    startWorker({ handlers: { test: () => sleep(300) }, leaseMs: 90 });
    await sleep(150);
    const stolen = await leaseJobs(other, { limit: 1, leaseMs: 60_000 });
    await waitFor(async () => (await readJob(db, created?.id as number)).status === "done");

    expect(stolen).toEqual([]);
    expect((await readJob(db, created?.id as number)).attempts).toBe(1);
  });
});
