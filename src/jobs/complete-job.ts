import type { Queryable } from "../store/db.ts";
import type { LeasedJob } from "./job-types.ts";

/**
 * Marks jobs done in one statement. Guarded by each lease token: a job whose lease was taken
 * over by another worker after it expired is left alone. Returns the ids that were completed.
 * Commits without waiting for the WAL flush; run it on its own, not inside a transaction whose
 * other writes must be durable.
 */
export async function completeJobs(q: Queryable, jobs: LeasedJob[]): Promise<Set<number>> {
  if (jobs.length === 0) return new Set();
  const { rows } = await q.query<{ id: number }>(
    `UPDATE jobs j SET status = 'done', lease_until = NULL, lease_token = NULL,
       finished_at = now(), updated_at = now()
     FROM unnest($1::bigint[], $2::text[]) AS c(id, token),
       -- No wait for the WAL flush (3 ms here): a "done" lost in a server crash only runs the
       -- job again, which at-least-once delivery already allows.
       (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit
     WHERE j.id = c.id AND j.lease_token = c.token AND j.status = 'running'
     RETURNING j.id`,
    [jobs.map((job) => job.id), jobs.map((job) => job.leaseToken)],
  );
  return new Set(rows.map((row) => row.id));
}

/** Marks one job done; false (nothing changed) when its lease was taken over. */
export async function completeJob(q: Queryable, job: LeasedJob): Promise<boolean> {
  return (await completeJobs(q, [job])).has(job.id);
}
