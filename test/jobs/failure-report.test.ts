import { beforeEach, describe, expect, it } from "vitest";
import { enqueueJob } from "../../src/jobs/enqueue-job.ts";
import { failJob } from "../../src/jobs/fail-job.ts";
import type { JobFailure, JobFailureReporter } from "../../src/jobs/job-types.ts";
import { leaseJobs } from "../../src/jobs/lease-jobs.ts";
import type { Db } from "../../src/store/db.ts";
import { testBackends } from "../helpers/test-db.ts";
import { aJob, readJob, sleep, waitFor } from "./job-test-kit.ts";
import { useWorkerDatabase } from "./use-worker-database.ts";

/** The ReportFailure jobs in the table, with their status. */
async function readReports(db: Db) {
  const { rows } = await db.query<{
    status: string;
    payload: { jobId: number; generation: number };
    dedupe_key: string;
    group_key: string | null;
  }>(
    "SELECT status, payload, dedupe_key, group_key FROM jobs WHERE kind = 'ReportFailure' ORDER BY id",
  );
  return rows;
}

describe.each(testBackends())("jobs/failure reports on %s", (backend) => {
  const { pools, startWorker } = useWorkerDatabase(backend);
  let db: Db;
  beforeEach(() => {
    ({ db } = pools);
  });

  /** A reporter that records what it was told. */
  function recordFailures() {
    const failures: JobFailure[] = [];
    const reporter: JobFailureReporter = async (failure) => {
      failures.push(failure);
    };
    return { reporter, failures };
  }

  it("reports a job whose last attempt failed, once, through the reporter of its kind", async () => {
    const created = await enqueueJob(db, aJob({ maxAttempts: 2, groupKey: "pr-1" }));
    const { reporter, failures } = recordFailures();

    startWorker({
      handlers: {
        test: async (job) => {
          throw new Error(`upstream said no (attempt ${job.attempts})`);
        },
      },
      reporters: { test: reporter },
      backoff: { baseMs: 1, maxMs: 2 },
    });
    await waitFor(async () => (await readReports(db))[0]?.status === "done");

    expect(failures).toHaveLength(1);
    expect(failures[0]?.job).toMatchObject({ id: created?.id, kind: "test", attempts: 2 });
    expect(failures[0]?.diagnostics?.message).toBe("upstream said no (attempt 2)");
    expect(await readReports(db)).toEqual([
      {
        status: "done",
        payload: { jobId: created?.id, generation: 0 },
        dedupe_key: `report:${created?.id}:0`,
        group_key: "pr-1",
      },
    ]);
  });

  it("reports a job whose last attempt's lease expired, once", async () => {
    const created = await enqueueJob(db, aJob({ maxAttempts: 1 }));
    await leaseJobs(db, { limit: 1, leaseMs: 1 }); // a worker that crashed on the last attempt
    await sleep(5);
    const { reporter, failures } = recordFailures();

    startWorker({ handlers: { test: async () => {} }, reporters: { test: reporter } });
    await waitFor(async () => (await readReports(db))[0]?.status === "done");

    expect(failures).toHaveLength(1);
    expect(failures[0]?.job.id).toBe(created?.id);
    expect(failures[0]?.diagnostics?.message).toBe(
      "gave up after 1 of 1 attempts: the last lease expired (lease expired 1 times)",
    );
    expect(await readJob(db, created?.id as number)).toMatchObject({ status: "dead" });
    expect(await readReports(db)).toHaveLength(1);
  });

  it("does not report a failure report that itself dies (no report loops)", async () => {
    await enqueueJob(db, aJob({ maxAttempts: 1 }));
    let reports = 0;

    startWorker({
      handlers: {
        test: async () => {
          throw new Error("no");
        },
      },
      reporters: {
        test: async () => {
          reports += 1;
          throw new Error("GitHub is down too");
        },
      },
      backoff: { baseMs: 1, maxMs: 2 },
    });
    await waitFor(async () => (await readReports(db))[0]?.status === "dead");
    await sleep(50);

    expect(reports).toBe(5);
    expect(await readReports(db)).toHaveLength(1);
  });

  it("finishes the report without a reporter when none is registered for the kind", async () => {
    await enqueueJob(db, aJob({ maxAttempts: 1 }));

    startWorker({
      handlers: {
        test: async () => {
          throw new Error("no");
        },
      },
    });

    await waitFor(async () => (await readReports(db))[0]?.status === "done");
  });

  it("does not report a death when the job was re-queued by hand before the report ran", async () => {
    const created = await enqueueJob(db, aJob({ maxAttempts: 1 }));
    const [leased] = await leaseJobs(db, { limit: 1, leaseMs: 60_000 });
    expect(await failJob(db, leased!, new Error("no"))).toBe("dead");
    await db.query("UPDATE jobs SET status = 'queued', generation = 1 WHERE id = $1", [
      created?.id,
    ]);
    const { reporter, failures } = recordFailures();

    startWorker({ handlers: { test: async () => {} }, reporters: { test: reporter } });
    await waitFor(async () => (await readReports(db))[0]?.status === "done");

    expect(failures).toEqual([]);
  });
});
