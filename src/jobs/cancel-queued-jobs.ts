import type { Queryable } from "../store/db.ts";

/** What cancelling sets: the job is finished and gives up its dedupe key (see below). */
export const CANCEL_SET =
  "status = 'cancelled', dedupe_key = NULL, finished_at = now(), updated_at = now()";

/**
 * What superseding work does to a queued job that deferred itself (`deferJob`): instead of being
 * cancelled it is woken (due now, ahead of the new work in its group's order), so it runs, sees it
 * is stale and tidies up what its earlier run showed (a review pass's "Waiting for …" check run).
 */
export const WAKE_SET = "run_at = now(), updated_at = now()";

/**
 * Cancels the queued (not running) jobs of one group, of one kind or of every kind — a newer
 * head sha supersedes queued work for an older one; a closed PR drops all of its work. A running
 * job is left alone; it finishes or fails on its own. A cancelled job gives up its dedupe key,
 * so the same work can be asked for again later (a PR closed before its review ran, then
 * reopened). A deferred job is woken instead (`WAKE_SET`). Returns how many jobs were cancelled.
 */
export async function cancelQueuedJobs(
  q: Queryable,
  where: { groupKey: string; kind?: string },
): Promise<number> {
  const { rows } = await q.query<{ cancelled: number }>(
    `WITH woken AS (
       UPDATE jobs SET ${WAKE_SET}
       WHERE group_key = $1 AND ($2::text IS NULL OR kind = $2) AND status = 'queued' AND deferred
       RETURNING 1
     ), cancelled AS (
       UPDATE jobs SET ${CANCEL_SET}
       WHERE group_key = $1 AND ($2::text IS NULL OR kind = $2) AND status = 'queued'
         AND NOT deferred
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM cancelled)::int AS cancelled, (SELECT count(*) FROM woken) AS woken`,
    [where.groupKey, where.kind ?? null],
  );
  return rows[0]?.cancelled ?? 0;
}
