import { INITIAL_LOOP_STATE, type LoopState } from "../loop/types.ts";
import type { Queryable } from "./db.ts";

/** A loop row as a pass reads it (outside the spine's transaction: a snapshot, not a lock). */
export interface StoredLoop {
  headSha: string | null;
  state: LoopState;
}

/** Reads one pull request's loop, or null when no event ever created it. */
export async function readLoop(
  q: Queryable,
  repoId: number,
  prNumber: number,
): Promise<StoredLoop | null> {
  const { rows } = await q.query<{ head_sha: string | null; state: LoopState }>(
    "SELECT head_sha, state FROM loops WHERE repo_id = $1 AND pr_number = $2",
    [repoId, prNumber],
  );
  const row = rows[0];
  if (row === undefined) return null;
  return { headSha: row.head_sha, state: { ...INITIAL_LOOP_STATE, ...row.state } };
}
