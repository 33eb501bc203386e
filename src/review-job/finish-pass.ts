import type { ReviewOutcome } from "../loop/types.ts";
import { applyEvent } from "../spine/apply-event.ts";
import type { Db } from "../store/db.ts";
import type { ReviewJob } from "./pass-types.ts";

/**
 * Feeds the pass's outcome back through the spine as `ReviewFinished`, so the loop keeps
 * `lastReviewedSha` (the base of the next incremental pass). Keyed by the job: a retried job
 * that reports again changes nothing.
 */
export async function finishPass(
  db: Db,
  job: ReviewJob,
  outcome: ReviewOutcome,
  blocking?: boolean,
): Promise<void> {
  await applyEvent(db, {
    deliveryId: `job:${job.jobId}`,
    eventName: "review_finished",
    installationId: job.installationId,
    repoId: job.repoId,
    repoFullName: job.repoFullName,
    prNumber: job.prNumber,
    event: {
      type: "ReviewFinished",
      headSha: job.headSha,
      outcome,
      ...(blocking === undefined ? {} : { blocking }),
    },
  });
}
