import type { Queryable } from "./db.ts";

/**
 * The pull requests of a repository whose loop a completed check of `headSha` concerns: the
 * ones GitHub listed (`pull_requests` of the event) and the ones whose loop's head is that sha
 * (a head in a fork, which GitHub never lists), leaving out closed loops, pull requests the
 * loop never saw, and loops that do not act on CI by their last pass's settings (`actsOnCi`:
 * remediation off or `on_ci_failure: false`; unknown settings count as acting). Sorted by number.
 */
export async function listLoopsForChecks(
  q: Queryable,
  repoId: number,
  headSha: string,
  listed: readonly number[],
): Promise<number[]> {
  const { rows } = await q.query<{ pr_number: number }>(
    `SELECT pr_number FROM loops
     WHERE repo_id = $1 AND status <> 'closed' AND (head_sha = $2 OR pr_number = ANY($3::int[]))
       AND (state->'settings' IS NULL OR jsonb_typeof(state->'settings') = 'null'
         OR ((state->'settings'->>'enabled')::boolean
           AND coalesce((state->'settings'->>'onCiFailure')::boolean, true)))
     ORDER BY pr_number`,
    [repoId, headSha, [...listed]],
  );
  return rows.map((row) => row.pr_number);
}

/**
 * The workflow runs the fixer started for a pull request (`dispatches.run_id` of every attempt):
 * their check runs are the fixer's, not CI of the head.
 */
export async function listFixerRunIds(
  q: Queryable,
  repoId: number,
  prNumber: number,
): Promise<Set<number>> {
  const { rows } = await q.query<{ run_id: number | string }>(
    `SELECT DISTINCT run_id FROM dispatches
     WHERE repo_id = $1 AND pr_number = $2 AND run_id IS NOT NULL`,
    [repoId, prNumber],
  );
  return new Set(rows.map((row) => Number(row.run_id)));
}

/**
 * True when an `ObserveChecks` job of this pull request's group for `headSha` is queued and has
 * not started: it reads the check runs later than any completion delivered now, so a second one
 * would only repeat its read (a burst of 30 completed checks costs one read, not 30).
 */
export async function hasQueuedObservation(
  q: Queryable,
  groupKey: string,
  headSha: string,
): Promise<boolean> {
  const { rows } = await q.query(
    `SELECT 1 FROM jobs
     WHERE group_key = $1 AND status = 'queued' AND kind = 'ObserveChecks'
       AND payload->>'headSha' = $2
     LIMIT 1`,
    [groupKey, headSha],
  );
  return rows.length > 0;
}
