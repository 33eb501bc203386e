import type { Queryable } from "../store/db.ts";
import { DEFAULT_MAX_ATTEMPTS, type NewJob } from "./enqueue-job.ts";

/**
 * Enqueues `job` and cancels, in the same statement, the queued jobs of its group and kind that
 * it supersedes (a review of a newer head replaces a queued review of an older one). Cancelled
 * jobs give up their dedupe keys, as in `cancelQueuedJobs`; a queued job with the very same key
 * is the same work and stays. One round trip: this runs inside
 * every webhook's acknowledgement.
 */
export async function supersedeJob(
  q: Queryable,
  job: NewJob & { groupKey: string },
): Promise<{ enqueued: boolean; cancelled: number }> {
  const { rows } = await q.query<{ enqueued: number; cancelled: number }>(
    `WITH cancelled AS (
       UPDATE jobs SET status = 'cancelled', dedupe_key = NULL, finished_at = now(), updated_at = now()
       WHERE group_key = $6 AND kind = $1 AND status = 'queued'
         AND dedupe_key IS DISTINCT FROM $5
       RETURNING 1
     ), inserted AS (
       INSERT INTO jobs (kind, installation_id, repo_id, payload, dedupe_key, group_key, run_at, max_attempts)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, coalesce($7::timestamptz, now()), $8)
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM inserted)::int AS enqueued,
            (SELECT count(*) FROM cancelled)::int AS cancelled`,
    [
      job.kind,
      job.installationId,
      job.repoId,
      JSON.stringify(job.payload ?? null),
      job.dedupeKey ?? null,
      job.groupKey,
      job.runAt ?? null,
      job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    ],
  );
  return { enqueued: rows[0]!.enqueued === 1, cancelled: rows[0]!.cancelled };
}
