import type { Queryable } from "../store/db.ts";
import type { LeasedJob } from "./job-types.ts";

/** The job's lease is gone (taken over, handed back at shutdown, or the job was purged). */
export class LeaseLostError extends Error {
  override name = "LeaseLostError";
  constructor(jobId: number) {
    super(`job ${jobId} no longer holds its lease: its outcome is not recorded`);
  }
}

/**
 * Throws `LeaseLostError` unless `job` is still `running` under its lease token. The row is
 * locked `FOR SHARE` until the caller's transaction ends: a purge (which deletes the job) or a
 * takeover waits for it, so a job that passed this check records its outcome before either.
 */
export async function assertLease(
  q: Queryable,
  job: Pick<LeasedJob, "id" | "leaseToken">,
): Promise<void> {
  const { rows } = await q.query(
    "SELECT 1 FROM jobs WHERE id = $1 AND lease_token = $2 AND status = 'running' FOR SHARE",
    [job.id, job.leaseToken],
  );
  if (rows.length === 0) throw new LeaseLostError(job.id);
}
