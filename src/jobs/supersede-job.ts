import type { Queryable } from "../store/db.ts";
import { CANCEL_SET, WAKE_SET } from "./cancel-queued-jobs.ts";
import { DEFAULT_MAX_ATTEMPTS, enqueueJob, type NewJob } from "./enqueue-job.ts";

/**
 * Enqueues `job` and cancels, in the same statement, the queued jobs of its group and kind that
 * it supersedes (a review of a newer head replaces a queued review of an older one); a deferred
 * one is woken instead, to tidy up what it showed (`WAKE_SET`). Cancelled
 * jobs give up their dedupe keys, as in `cancelQueuedJobs`; a queued (or running) job with the
 * very same key is the same work and stays. A finished job (done or dead) with that key gives it
 * up: the same head asked for again later — a reopened pull request, a force-push back to an
 * earlier commit — is new work, and without it the loop would wait for a review that never comes.
 * One round trip, two in that rare case: this runs inside every webhook's acknowledgement.
 */
export async function supersedeJob(
  q: Queryable,
  job: NewJob & { groupKey: string },
): Promise<{ enqueued: boolean; cancelled: number }> {
  const { rows } = await q.query<{ enqueued: number; cancelled: number }>(
    `WITH woken AS (
       UPDATE jobs SET ${WAKE_SET}
       WHERE group_key = $6 AND kind = $1 AND status = 'queued' AND deferred
         AND dedupe_key IS DISTINCT FROM $5
       RETURNING 1
     ), cancelled AS (
       UPDATE jobs SET ${CANCEL_SET}
       WHERE group_key = $6 AND kind = $1 AND status = 'queued' AND NOT deferred
         AND dedupe_key IS DISTINCT FROM $5
       RETURNING 1
     ), inserted AS (
       INSERT INTO jobs (kind, installation_id, repo_id, payload, dedupe_key, group_key, run_at, max_attempts)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, coalesce($7::timestamptz, now()), $8)
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM inserted)::int AS enqueued,
            (SELECT count(*) FROM cancelled)::int AS cancelled,
            (SELECT count(*) FROM woken)::int AS woken`,
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
  const { enqueued, cancelled } = rows[0]!;
  if (enqueued === 1 || job.dedupeKey === undefined) return { enqueued: enqueued === 1, cancelled };
  // Rare (a second round trip): the key belongs to a finished job, which gives it up.
  const released = await q.query(
    `UPDATE jobs SET dedupe_key = NULL, updated_at = now()
     WHERE dedupe_key = $1 AND status IN ('done', 'dead')`,
    [job.dedupeKey],
  );
  if (released.rowCount === 0) return { enqueued: false, cancelled };
  return { enqueued: (await enqueueJob(q, job)) !== null, cancelled };
}
