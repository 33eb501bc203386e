import type { ChecksSeen, GitHubView, LoopSettings, ReviewOutcome } from "../loop/types.ts";
import { applyEvent } from "../spine/apply-event.ts";
import type { Db } from "../store/db.ts";
import type { ReviewJob } from "./pass-types.ts";

/** What the pass learnt besides its outcome, for the loop to decide what comes next. */
export interface PassFacts {
  /** The pull request as the pass read it (`GET /pulls/{n}`), when it got that far. */
  github?: GitHubView;
  /** The pass's reason, in words. */
  detail?: string;
  /** Posted passes: the blocking fingerprints and open findings after the pass. */
  blockingFingerprints?: string[];
  openFindings?: number;
  /** The repository's remediation settings, when the config was read and valid. */
  settings?: LoopSettings;
  /** The head branch is in a fork. */
  fork?: boolean;
  /** Posted passes: the head's check runs as read at the pass's end, when they were. */
  checks?: ChecksSeen;
}

/**
 * The delivery id of a job's outcome: the job id, and its generation once the dead job was
 * re-queued by hand (a new run whose outcome is new), so a retried attempt that reports again
 * changes nothing while a re-queued run is heard.
 */
export function outcomeDeliveryId(job: Pick<ReviewJob, "jobId" | "generation">): string {
  const generation = job.generation ?? 0;
  return generation === 0 ? `job:${job.jobId}` : `job:${job.jobId}/${generation}`;
}

/**
 * Feeds the pass's outcome back through the spine as `ReviewFinished`, with what it saw on
 * GitHub, so the loop keeps `lastReviewedSha` (the base of the next incremental pass) and never
 * waits for a pass that ended. Guarded by the job's lease when it has one.
 */
export async function finishPass(
  db: Db,
  job: ReviewJob,
  outcome: ReviewOutcome,
  blocking?: boolean,
  facts: PassFacts = {},
): Promise<void> {
  await applyEvent(
    db,
    {
      deliveryId: outcomeDeliveryId(job),
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
        ...(job.seq === undefined ? {} : { seq: job.seq }),
        ...(facts.github === undefined ? {} : { github: facts.github }),
        ...(facts.detail === undefined ? {} : { detail: facts.detail }),
        ...(facts.blockingFingerprints === undefined
          ? {}
          : { blockingFingerprints: facts.blockingFingerprints }),
        ...(facts.openFindings === undefined ? {} : { openFindings: facts.openFindings }),
        ...(facts.settings === undefined ? {} : { settings: facts.settings }),
        ...(facts.fork === undefined ? {} : { fork: facts.fork }),
        ...(facts.checks === undefined ? {} : { checks: facts.checks }),
      },
    },
    job.assertLease === undefined ? {} : { guard: job.assertLease },
  );
}
