import type { JobHandler } from "../jobs/job-types.ts";
import { runReviewHandler } from "./run-review.ts";

/** One handler per job kind the loop's effects produce (see `loop/effect-jobs.ts`). */
export function createJobHandlers(): Record<string, JobHandler> {
  return { RunReview: runReviewHandler };
}
