import type { Queryable } from "../store/db.ts";

/** One dead job as `reviewloop jobs dead` shows it. */
export interface DeadJob {
  id: number;
  kind: string;
  installationId: number;
  repoId: number;
  groupKey: string | null;
  attempts: number;
  maxAttempts: number;
  generation: number;
  finishedAt: Date | null;
  /** `last_error.message`: why it gave up. */
  lastError: string | null;
}

/** The newest dead jobs first, at most `limit` (reads the `jobs_dead` partial index). */
export async function listDeadJobs(q: Queryable, limit = 50): Promise<DeadJob[]> {
  const { rows } = await q.query<{
    id: number;
    kind: string;
    installation_id: number;
    repo_id: number;
    group_key: string | null;
    attempts: number;
    max_attempts: number;
    generation: number;
    finished_at: Date | null;
    message: string | null;
  }>(
    `SELECT id, kind, installation_id, repo_id, group_key, attempts, max_attempts, generation,
       finished_at, last_error ->> 'message' AS message
     FROM jobs WHERE status = 'dead' ORDER BY id DESC LIMIT $1`,
    [limit],
  );
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    installationId: row.installation_id,
    repoId: row.repo_id,
    groupKey: row.group_key,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    generation: row.generation,
    finishedAt: row.finished_at,
    lastError: row.message,
  }));
}
