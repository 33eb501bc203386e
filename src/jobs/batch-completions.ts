import type { Queryable } from "../store/db.ts";
import { completeJobs } from "./complete-job.ts";
import type { LeasedJob } from "./job-types.ts";

const MAX_BATCH = 200;

/**
 * Collects the completions of one event-loop turn and writes them in one statement: jobs that
 * finish together (a burst of short jobs) cost one round trip instead of one each.
 */
export function batchCompletions(q: Queryable): (job: LeasedJob) => Promise<boolean> {
  const pending: {
    job: LeasedJob;
    resolve: (ours: boolean) => void;
    reject: (e: unknown) => void;
  }[] = [];

  async function flush() {
    const batch = pending.splice(0, MAX_BATCH);
    if (pending.length > 0) setImmediate(flush);
    try {
      const done = await completeJobs(
        q,
        batch.map((entry) => entry.job),
      );
      for (const entry of batch) entry.resolve(done.has(entry.job.id));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }

  return (job) =>
    new Promise((resolve, reject) => {
      pending.push({ job, resolve, reject });
      if (pending.length === 1) setImmediate(flush);
    });
}
