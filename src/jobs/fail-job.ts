import type { Queryable } from "../store/db.ts";
import { type BackoffOptions, computeBackoff } from "./compute-backoff.ts";
import { enqueueFailureReportSql } from "./enqueue-failure-report-sql.ts";
import type { LeasedJob } from "./job-types.ts";
import { recordAttemptError } from "./record-attempt-error.ts";

/** What became of a failed job; `stale` = our lease was taken over, nothing changed. */
export type FailOutcome = "retry" | "dead" | "stale";

/** Reads an error's hint that retrying is pointless (`permanent: true`, see PermanentJobError). */
export function isPermanent(error: unknown): boolean {
  return (error as { permanent?: unknown } | null)?.permanent === true;
}

/** Reads a rate limit's `retryAfterMs`, when the error carries one. */
function retryAfterMs(error: unknown): number | undefined {
  const value = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Records a failed attempt. While attempts remain the job goes back to `queued` with
 * `run_at = now + backoff` (or the error's `retryAfterMs`); after the last attempt, or for a
 * permanent error, it goes to `dead` and, in the same statement, a `ReportFailure` job is
 * enqueued for it (see enqueueFailureReportSql). `last_error` keeps the diagnostics of every attempt.
 * Guarded by the lease token: a worker whose lease was taken over changes nothing.
 */
export async function failJob(
  q: Queryable,
  job: LeasedJob,
  error: unknown,
  backoff: BackoffOptions = {},
): Promise<FailOutcome> {
  const diagnostics = recordAttemptError(job.lastError, job.attempts, error);
  const dead = isPermanent(error) || job.attempts >= job.maxAttempts;
  const delayMs = retryAfterMs(error) ?? computeBackoff(job.attempts, backoff);
  const { rows } = dead
    ? await q.query<{ id: number }>(
        `WITH dead AS (
           UPDATE jobs SET status = 'dead', last_error = $3::jsonb, lease_until = NULL,
             lease_token = NULL, finished_at = now(), updated_at = now()
           WHERE id = $1 AND lease_token = $2 AND status = 'running'
           RETURNING id, kind, installation_id, repo_id, group_key, generation
         ), report AS (${enqueueFailureReportSql("dead")})
         SELECT id FROM dead`,
        [job.id, job.leaseToken, JSON.stringify(diagnostics)],
      )
    : await q.query<{ id: number }>(
        `UPDATE jobs SET status = 'queued', last_error = $3::jsonb, lease_until = NULL,
           lease_token = NULL, run_at = now() + $4::double precision * interval '1 millisecond',
           updated_at = now()
         WHERE id = $1 AND lease_token = $2 AND status = 'running'
         RETURNING id`,
        [job.id, job.leaseToken, JSON.stringify(diagnostics), delayMs],
      );
  if (rows.length === 0) return "stale";
  return dead ? "dead" : "retry";
}
