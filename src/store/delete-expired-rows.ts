import type { Queryable } from "./db.ts";

/** How much one retention run deletes at most, and in what steps. */
export interface RetentionLimits {
  /** Rows per DELETE statement: short transactions, locks held briefly (default 1,000). */
  batchSize?: number;
  /** Statements per table and run; what is left waits for the next run (default 100). */
  maxBatches?: number;
}

/** Rows deleted per table by one retention run. */
export interface RetentionCounts {
  deliveries: number;
  jobs: number;
  /** LLM cache entries no pass has used since the cutoff. */
  llmCache: number;
}

// Each statement selects its batch through an index (deliveries_received_at, jobs_finished) in
// age order and deletes it by primary key. Only finished jobs: a queued or running job is never
// old enough to drop.
const DELETE_DELIVERIES = `DELETE FROM deliveries WHERE delivery_id IN (
  SELECT delivery_id FROM deliveries WHERE received_at < $1 ORDER BY received_at LIMIT $2)`;
const DELETE_JOBS = `DELETE FROM jobs WHERE id IN (
  SELECT id FROM jobs WHERE status IN ('done', 'cancelled', 'dead') AND finished_at < $1
  ORDER BY finished_at LIMIT $2)`;
// A cache entry goes when no pass has used it for the retention period (`used_at` is touched by
// hits), however old it is: the chunk it answers may still be in an open pull request.
const DELETE_LLM_CACHE = `DELETE FROM llm_cache WHERE (repo_id, cache_key) IN (
  SELECT repo_id, cache_key FROM llm_cache WHERE used_at < $1 ORDER BY used_at LIMIT $2)`;

async function deleteInBatches(
  q: Queryable,
  sql: string,
  cutoff: Date,
  batchSize: number,
  maxBatches: number,
): Promise<number> {
  let total = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const { rowCount } = await q.query(sql, [cutoff, batchSize]);
    total += rowCount;
    if (rowCount < batchSize) break;
  }
  return total;
}

/**
 * Deletes webhook deliveries received before `cutoff`, finished jobs (done, cancelled, dead)
 * that finished before it and LLM cache entries last used before it, in bounded batches, each
 * its own statement (autocommit on `q`).
 * Dedupe needs a delivery id as long as GitHub may redeliver it (about 3 days), so callers must
 * keep a cutoff older than that (REVIEWLOOP_RETENTION_DAYS has a minimum).
 */
export async function deleteExpiredRows(
  q: Queryable,
  cutoff: Date,
  limits: RetentionLimits = {},
): Promise<RetentionCounts> {
  const batchSize = limits.batchSize ?? 1_000;
  const maxBatches = limits.maxBatches ?? 100;
  return {
    deliveries: await deleteInBatches(q, DELETE_DELIVERIES, cutoff, batchSize, maxBatches),
    jobs: await deleteInBatches(q, DELETE_JOBS, cutoff, batchSize, maxBatches),
    llmCache: await deleteInBatches(q, DELETE_LLM_CACHE, cutoff, batchSize, maxBatches),
  };
}
