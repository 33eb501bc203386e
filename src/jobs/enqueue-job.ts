import type { Queryable } from "../store/db.ts";

/** A job to put on the queue. */
export interface NewJob {
  /** Selects the handler. */
  kind: string;
  installationId: number;
  repoId: number;
  /** Any JSON value; stored as jsonb. */
  payload: unknown;
  /** A second enqueue with the same key, ever, is a no-op (the row is kept after it finishes). */
  dedupeKey?: string;
  /** Jobs of one group (one pull request) never run at the same time. */
  groupKey?: string;
  /** Not before this time (default: now). */
  runAt?: Date;
  /** Runs before the job goes dead (default 5). */
  maxAttempts?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * Inserts a job. Takes a `Queryable` so the spine can enqueue inside its own transaction: the
 * job then exists exactly when the state change that caused it commits.
 * Returns null when `dedupeKey` already exists.
 */
export async function enqueueJob(q: Queryable, job: NewJob): Promise<{ id: number } | null> {
  const { rows } = await q.query<{ id: number }>(
    `INSERT INTO jobs (kind, installation_id, repo_id, payload, dedupe_key, group_key, run_at, max_attempts)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, coalesce($7::timestamptz, now()), $8)
     ON CONFLICT (dedupe_key) DO NOTHING
     RETURNING id`,
    [
      job.kind,
      job.installationId,
      job.repoId,
      // Serialized here: node-postgres would turn a top-level array into a PostgreSQL array.
      JSON.stringify(job.payload ?? null),
      job.dedupeKey ?? null,
      job.groupKey ?? null,
      job.runAt ?? null,
      job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    ],
  );
  return rows[0] ?? null;
}
