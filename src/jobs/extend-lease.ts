import type { Queryable } from "../store/db.ts";
import type { LeasedJob } from "./job-types.ts";

/**
 * Pushes a running job's lease to now + `leaseMs` so a long job is not taken for crashed.
 * Returns false when the lease is no longer ours (taken over, released, finished).
 */
export async function extendLease(q: Queryable, job: LeasedJob, leaseMs: number): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE jobs SET lease_until = now() + $3::double precision * interval '1 millisecond',
       updated_at = now()
     WHERE id = $1 AND lease_token = $2 AND status = 'running'`,
    [job.id, job.leaseToken, leaseMs],
  );
  return rowCount === 1;
}
