import type { Queryable } from "../store/db.ts";

/** What `requeueDeadJob` did: re-queued the job, or found it missing or not dead. */
export type RequeueResult =
  | { requeued: true; id: number; kind: string; generation: number }
  | { requeued: false; id: number; status: string | null };

/**
 * The statement behind `reviewloop jobs requeue` (docs/jobs.md gives it as SQL too): a dead
 * job becomes `queued`, runnable now, with its attempts reset to 0 so it gets its full
 * `max_attempts` again, no lease, and `generation + 1` — a new run of the same intent, whose
 * outcome the loop accepts as new and whose death is reported again. `last_error` is kept: the
 * rerun sees that an earlier run may have done part of the work and looks before posting.
 * Only a dead job is touched; the dedupe key stays with it.
 */
export const REQUEUE_DEAD_JOB_SQL = `UPDATE jobs SET status = 'queued', run_at = now(), attempts = 0,
  generation = generation + 1, lease_until = NULL, lease_token = NULL, finished_at = NULL,
  updated_at = now()
WHERE id = $1 AND status = 'dead'
RETURNING id, kind, generation`;

/** Re-queues a dead job by hand (see REQUEUE_DEAD_JOB_SQL). */
export async function requeueDeadJob(q: Queryable, id: number): Promise<RequeueResult> {
  const { rows } = await q.query<{ id: number; kind: string; generation: number }>(
    REQUEUE_DEAD_JOB_SQL,
    [id],
  );
  const row = rows[0];
  if (row) return { requeued: true, id: row.id, kind: row.kind, generation: row.generation };
  const found = await q.query<{ status: string }>("SELECT status FROM jobs WHERE id = $1", [id]);
  return { requeued: false, id, status: found.rows[0]?.status ?? null };
}
