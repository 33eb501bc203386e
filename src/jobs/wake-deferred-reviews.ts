import type { Queryable } from "../store/db.ts";

/**
 * A check of `headSha` completed: review passes of that head that are waiting for checks (queued
 * for later by the checks engine's wait, never held open) run now instead of at their next poll.
 * Returns how many were woken.
 */
export async function wakeDeferredReviews(
  q: Queryable,
  repoId: number,
  headSha: string,
): Promise<number> {
  const { rowCount } = await q.query(
    `UPDATE jobs SET run_at = now(), updated_at = now()
     WHERE repo_id = $1 AND kind = 'RunReview' AND status = 'queued' AND run_at > now()
       AND payload->>'headSha' = $2`,
    [repoId, headSha],
  );
  return rowCount;
}
