import type { Queryable } from "../store/db.ts";
import type { LeasedJob } from "./job-types.ts";

// Marks the job as possibly half-done for its next run (`lastError` is no longer null), so
// work that must not be repeated (a posted review) is looked for first.
const RELEASED = {
  name: "Released",
  message: "handed back at a shutdown before it finished",
  attempts: [],
};

/**
 * Hands a running job back at shutdown: queued, runnable now, the attempt not counted, so
 * another replica takes it at once instead of waiting for the lease to expire.
 * Returns false when the lease was no longer ours.
 */
export async function releaseJob(q: Queryable, job: LeasedJob): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE jobs SET status = 'queued', attempts = greatest(attempts - 1, 0), lease_until = NULL,
       lease_token = NULL, run_at = now(), updated_at = now(),
       last_error = coalesce(last_error, $3::jsonb)
     WHERE id = $1 AND lease_token = $2 AND status = 'running'`,
    [job.id, job.leaseToken, JSON.stringify(RELEASED)],
  );
  return rowCount === 1;
}
