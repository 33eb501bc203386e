import type { JobHandler } from "../jobs/job-types.ts";
import type { Queryable } from "../store/db.ts";
import { deleteExpiredRows, type RetentionLimits } from "../store/delete-expired-rows.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** What the `Retention` handler needs. */
export interface RetentionDeps extends RetentionLimits {
  db: Queryable;
  /** Rows older than this many days go (REVIEWLOOP_RETENTION_DAYS). */
  retentionDays: number;
  /** The clock (tests move it). */
  now?: () => Date;
}

/**
 * The handler of `Retention` jobs: deletes deliveries and finished jobs older than
 * `retentionDays`, and LLM cache entries unused that long, in bounded batches, and logs how many
 * went.
 */
export function createRetentionHandler(deps: RetentionDeps): JobHandler {
  return async (_job, ctx) => {
    const now = deps.now?.() ?? new Date();
    const cutoff = new Date(now.getTime() - deps.retentionDays * DAY_MS);
    const deleted = await deleteExpiredRows(deps.db, cutoff, deps);
    ctx.log.info({ cutoff: cutoff.toISOString(), deleted }, "retention: old rows deleted");
  };
}
