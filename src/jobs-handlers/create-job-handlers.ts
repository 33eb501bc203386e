import { createRunCommandsHandler } from "../command-job/create-run-commands-handler.ts";
import type { JobHandler } from "../jobs/job-types.ts";
import { createRunReviewHandler, type RunReviewDeps } from "./run-review.ts";

/** What the job handlers need from the process. */
export type JobHandlerDeps = RunReviewDeps;

/** One handler per job kind the loop's effects produce (see `loop/effect-jobs.ts`). */
export function createJobHandlers(deps: JobHandlerDeps): Record<string, JobHandler> {
  return {
    RunReview: createRunReviewHandler(deps),
    // Comment commands (`/reviewloop …`), enqueued by the issue_comment handlers.
    RunCommands: createRunCommandsHandler(deps),
  };
}
