import type { JobHandler } from "../jobs/job-types.ts";

/**
 * The `RunReview` job. Until the review pass is wired to GitHub it only logs what it would do,
 * so the spine can be exercised end to end without touching any repository.
 */
export const runReviewHandler: JobHandler = async (job, { log }) => {
  log.info({ payload: job.payload }, "Would review");
};
