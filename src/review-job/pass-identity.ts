import { CHECK_RUN_NAME, checkRunExternalId } from "../github/check-run-identity.ts";
import { passMarker } from "../review/markers.ts";
import type { ReviewJob } from "./pass-types.ts";

/** How one RunReview job's posts are recognised on GitHub, whichever run of it looks. */
export interface PassIdentity {
  /** The hidden marker in the review body (repository, pull request, head, job). */
  marker: string;
  /** The check run's `external_id` (the same, plus the job's generation). */
  externalId: string;
  /** What `CheckRunPublisher.findCheckRun` needs to find this job's check run. */
  checkRun: { headSha: string; name: string; externalId: string };
}

/**
 * The identity of a job's review and check run. It names the job, not only the head: every run
 * of this job (a retry, a run after a crash that lost the lease, a run handed back at shutdown)
 * finds what an earlier run posted, and a Re-run or `/reviewloop review` (a new job) never
 * adopts an earlier pass's posts.
 */
export function passIdentity(
  job: Pick<ReviewJob, "repoId" | "prNumber" | "headSha" | "jobId" | "generation">,
): PassIdentity {
  const externalId = checkRunExternalId({
    repoId: job.repoId,
    prNumber: job.prNumber,
    headSha: job.headSha,
    jobId: job.jobId,
    generation: job.generation,
  });
  return {
    marker: passMarker(job.repoId, job.prNumber, job.headSha, job.jobId),
    externalId,
    checkRun: { headSha: job.headSha, name: CHECK_RUN_NAME, externalId },
  };
}
