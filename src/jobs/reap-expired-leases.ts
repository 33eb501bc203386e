import type { Queryable } from "../store/db.ts";
import { enqueueFailureReportSql } from "./enqueue-failure-report-sql.ts";
import { MAX_ATTEMPT_RECORDS } from "./record-attempt-error.ts";

/** Recorded per attempt whose lease ran out before the worker completed or failed it. */
export const LEASE_EXPIRED_MESSAGE =
  "lease expired: the worker crashed, stalled or lost the database";

/**
 * Makes jobs whose lease expired (a crashed worker's) runnable again: back to `queued` keeping
 * their `run_at`, so they run before newer work. A job that already used its last attempt goes
 * to `dead`, and a `ReportFailure` job is enqueued for it in the same statement. Either way the expiry is appended to `last_error.attempts`.
 * Rows another transaction is reaping right now are skipped, never waited for.
 */
export async function reapExpiredLeases(q: Queryable, limit = 100): Promise<number> {
  const { rows } = await q.query(reapExpiredLeasesSql(limit));
  return rows.length;
}

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * The reaping statement with its constants inlined: no parameters, so the lease transaction can
 * send it in one round trip together with its planner settings.
 */
export function reapExpiredLeasesSql(limit: number): string {
  const message = literal(LEASE_EXPIRED_MESSAGE);
  return `WITH expired AS (
       SELECT id, attempts, max_attempts, attempts >= max_attempts AS dead,
         coalesce(last_error -> 'attempts', '[]'::jsonb) AS history
       FROM jobs
       WHERE status = 'running' AND lease_until < now()
       ORDER BY lease_until
       LIMIT ${Math.trunc(limit)}
       FOR UPDATE SKIP LOCKED
     ), described AS (
       SELECT e.id, e.dead, e.attempts, e.max_attempts,
         (SELECT coalesce(jsonb_agg(h.entry ORDER BY h.i), '[]'::jsonb) FROM (
            SELECT entry, i FROM jsonb_array_elements(e.history) WITH ORDINALITY AS a(entry, i)
            ORDER BY i DESC LIMIT ${MAX_ATTEMPT_RECORDS - 1}) h)
           || jsonb_build_array(jsonb_build_object(
                'attempt', e.attempts, 'at', to_jsonb(now()), 'message', ${message}::text)) AS history,
         1 + (SELECT count(*) FROM jsonb_array_elements(e.history) AS a(entry)
                WHERE a.entry ->> 'message' = ${message}) AS expiries
       FROM expired e
     ), reaped AS (
     UPDATE jobs j SET
       status = CASE WHEN d.dead THEN 'dead' ELSE 'queued' END,
       finished_at = CASE WHEN d.dead THEN now() END,
       lease_until = NULL, lease_token = NULL, updated_at = now(),
       last_error = jsonb_build_object(
         'name', 'LeaseExpired',
         'message', CASE WHEN d.dead
           THEN format('gave up after %s of %s attempts: the last lease expired (lease expired %s times)',
                       d.attempts, d.max_attempts, d.expiries)
           ELSE ${message}::text END,
         'attempts', d.history)
     FROM described d
     WHERE j.id = d.id
     RETURNING j.id, j.kind, j.installation_id, j.repo_id, j.group_key, j.generation, j.status
   ), died AS (SELECT * FROM reaped WHERE status = 'dead'),
   report AS (${enqueueFailureReportSql("died")})
   SELECT id FROM reaped`;
}
