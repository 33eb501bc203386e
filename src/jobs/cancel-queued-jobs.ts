import type { Queryable } from "../store/db.ts";

/** What cancelling sets: the job is finished and gives up its dedupe key (see below). */
export const CANCEL_SET =
  "status = 'cancelled', dedupe_key = NULL, finished_at = now(), updated_at = now()";

/**
 * Cancels the queued (not running) jobs of one group, of one kind or of every kind — a newer
 * head sha supersedes queued work for an older one; a closed PR drops all of its work. A running
 * job is left alone; it finishes or fails on its own. A cancelled job gives up its dedupe key,
 * so the same work can be asked for again later (a PR closed before its review ran, then
 * reopened). Returns how many jobs were cancelled.
 */
export async function cancelQueuedJobs(
  q: Queryable,
  where: { groupKey: string; kind?: string },
): Promise<number> {
  const { rowCount } = await q.query(
    `UPDATE jobs SET ${CANCEL_SET}
     WHERE group_key = $1 AND ($2::text IS NULL OR kind = $2) AND status = 'queued'`,
    [where.groupKey, where.kind ?? null],
  );
  return rowCount;
}
