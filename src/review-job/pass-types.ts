import type { Logger } from "pino";
import type { ReviewEngine } from "../engines/review-engine.ts";
import type { RequestCounter } from "../github/count-requests.ts";
import type { GitHubPorts } from "../github/github-ports.ts";
import type { RunReviewPayload } from "../loop/effect-jobs.ts";
import type { ReviewOutcome } from "../loop/types.ts";
import type { Db, Queryable } from "../store/db.ts";

/** One RunReview job as the pass sees it. */
export interface ReviewJob extends RunReviewPayload {
  jobId: number;
  /** 1 on the first run. */
  attempt: number;
  /**
   * An earlier run of this job may have posted already (a retry, or a run handed back at a
   * shutdown): the pass first looks for the review and check run that run left.
   */
  resumed: boolean;
  /** When the job was enqueued: a retried attempt only adopts posts made after it. */
  createdAt: Date;
  /**
   * `LeasedJob.generation`: 0, then +1 each time the dead job is re-queued by hand. The outcome
   * event is keyed by job id and generation, so a re-queued run's outcome reaches the loop.
   */
  generation?: number;
  /**
   * `JobContext.assertLease`: run inside the transaction that records the outcome, so a job that
   * lost its lease (or whose repository was purged) records nothing.
   */
  assertLease?: (q: Queryable) => Promise<void>;
}

/** What a review pass needs from the process. */
export interface PassDeps {
  db: Db;
  /** The installation's GitHub ports (dry-run decorated when `REVIEWLOOP_DRY_RUN=1`). */
  github: GitHubPorts;
  /** Counts the requests of this pass (the installation client's hook). */
  requests: RequestCounter;
  log: Logger;
  /** Default: the builtin engine. */
  engines?: readonly ReviewEngine[];
}

/** How a pass ended, for logs and tests. */
export interface PassResult {
  outcome: ReviewOutcome;
  /** Why, in words (logged). */
  reason: string;
  mode?: "full" | "incremental";
  reviewId?: number;
  checkRunId?: number;
  /** GitHub API requests the pass made. */
  requests: number;
  durationMs: number;
}
