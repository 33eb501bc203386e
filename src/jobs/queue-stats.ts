import type { Queryable } from "../store/db.ts";

/** Queue depth for /metrics and /healthz. */
export interface QueueStats {
  queued: number;
  running: number;
  dead: number;
  /** Age of the oldest job that is due and waiting; 0 when none waits. */
  oldestQueuedSeconds: number;
}

/**
 * One statement, each count through the partial index of its state (jobs_runnable,
 * jobs_running, jobs_dead), so a scrape costs the unfinished and dead jobs, never the done ones
 * that make up most of the table (test/jobs/queue-stats-plan.test.ts checks the plan).
 */
export const QUEUE_STATS_SQL = `SELECT
  (SELECT count(*) FROM jobs WHERE status = 'queued')::int AS queued,
  (SELECT count(*) FROM jobs WHERE status = 'running')::int AS running,
  (SELECT count(*) FROM jobs WHERE status = 'dead')::int AS dead,
  (SELECT extract(epoch FROM now() - min(run_at)) FROM jobs
     WHERE status = 'queued' AND run_at <= now())::float8 AS oldest`;

/** Counts jobs by state for /metrics and /healthz, without scanning finished jobs. */
export async function queueStats(q: Queryable): Promise<QueueStats> {
  const { rows } = await q.query<{
    queued: number;
    running: number;
    dead: number;
    oldest: number | null;
  }>(QUEUE_STATS_SQL);
  const row = rows[0];
  return {
    queued: row.queued,
    running: row.running,
    dead: row.dead,
    oldestQueuedSeconds: Math.max(0, row.oldest ?? 0),
  };
}
