import type { Queryable } from "../store/db.ts";
import type { LeasedJob } from "./job-types.ts";

/**
 * Queues a running job again for `runAt` without counting the attempt and without touching
 * `last_error` (waiting is not failing): the lease is given up, so no worker is held while the
 * job waits, and the job keeps its id, payload and identity. It is marked `deferred`: work that
 * supersedes it wakes it rather than cancelling it (see `supersedeJob`). Guarded by the lease token.
 * Returns false when the lease was no longer ours (nothing changed).
 */
export async function deferJob(q: Queryable, job: LeasedJob, runAt: Date): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE jobs SET status = 'queued', attempts = greatest(attempts - 1, 0), lease_until = NULL,
       lease_token = NULL, run_at = $3, deferred = true, updated_at = now()
     WHERE id = $1 AND lease_token = $2 AND status = 'running'`,
    [job.id, job.leaseToken, runAt],
  );
  return rowCount === 1;
}
