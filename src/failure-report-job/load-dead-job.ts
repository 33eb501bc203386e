import type { JobRow, LeasedJob } from "../jobs/job-types.ts";
import { LEASED_COLUMNS, toLeasedJob } from "../jobs/job-types.ts";
import type { Queryable } from "../store/db.ts";

/** A job row as a failure report reads it: the job, its status now, and when it finished. */
export interface ReportedJob {
  job: LeasedJob;
  status: string;
}

/**
 * Reads a job for its failure report; null when it no longer exists (purged with its
 * repository, or deleted by retention). A dead job holds no lease: `leaseToken` is "" and
 * `leaseUntil` is when it finished.
 */
export async function loadDeadJob(q: Queryable, id: number): Promise<ReportedJob | null> {
  const { rows } = await q.query<JobRow & { status: string; finished_at: Date | null }>(
    `SELECT ${LEASED_COLUMNS}, status, finished_at FROM jobs WHERE id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  const job = toLeasedJob(row);
  return {
    status: row.status,
    job: {
      ...job,
      leaseToken: row.lease_token ?? "",
      leaseUntil: row.lease_until ?? row.finished_at ?? job.runAt,
    },
  };
}
