import type { Queryable } from "../store/db.ts";
import type { LeasedJob } from "./job-types.ts";

/**
 * Marks a job done. Guarded by the lease token: returns false (and changes nothing) when the
 * lease was taken over by another worker after it expired.
 */
export async function completeJob(q: Queryable, job: LeasedJob): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE jobs SET status = 'done', lease_until = NULL, lease_token = NULL,
       finished_at = now(), updated_at = now()
     WHERE id = $1 AND lease_token = $2 AND status = 'running'`,
    [job.id, job.leaseToken],
  );
  return rowCount === 1;
}
