import { enqueueJob } from "../jobs/enqueue-job.ts";
import type { Queryable } from "../store/db.ts";

/** The job kind that deletes old rows (handler: createRetentionHandler). */
export const RETENTION_KIND = "Retention";

/**
 * Enqueues this UTC hour's retention run. Every replica calls it at start and every hour; the
 * dedupe key `retention:<UTC hour>` makes one job per hour across all of them, and the group key
 * keeps two runs from overlapping. Returns false when this hour's job already exists.
 */
export async function enqueueRetention(q: Queryable, now: Date = new Date()): Promise<boolean> {
  const hour = now.toISOString().slice(0, 13); // 2026-12-02T17
  const created = await enqueueJob(q, {
    kind: RETENTION_KIND,
    installationId: 0,
    repoId: 0,
    payload: { hour },
    dedupeKey: `retention:${hour}`,
    groupKey: "retention",
    maxAttempts: 3,
  });
  return created !== null;
}
