import type { Logger } from "pino";
import type { LlmClient, LlmSettings, LlmUsage } from "../engines/llm/llm-types.ts";
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
   * 0, +1 each time the dead job is re-queued by hand: a new check run (the old one says the job
   * failed), the same review (one intent, one review).
   */
  generation: number;
  /**
   * When the job was enqueued: the checks engine waits until `createdAt + timeout_minutes`
   * (absent outside the queue, e.g. unit tests: then it does not wait).
   */
  createdAt?: Date;
  /**
   * The job deferred itself before (waiting for checks): its check run may be in progress
   * ("Waiting for …"), and a pass that ends before posting completes it.
   */
  deferred?: boolean;
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
  /** Default: the builtin, checks and LLM engines (see `passEngines`). */
  engines?: readonly ReviewEngine[];
  /** The LLM engine's settings (absent: the engine reports itself off) and, in tests, its client. */
  llm?: { settings?: LlmSettings; client?: LlmClient; onUsage?: (usage: LlmUsage) => void };
  /**
   * The job's signal (lease lost, handed back at shutdown): the pass stops between steps and
   * `sendOnce` does not send again once it is aborted.
   */
  signal?: AbortSignal;
  /**
   * `JobContext.assertLease`: called first in the transaction that records the pass, so a job
   * that lost its lease (or whose repository was purged) writes nothing. Absent in unit tests
   * that run the pass without a queue.
   */
  assertLease?: (q: Queryable) => Promise<void>;
  /** `sendOnce`'s pause before looking after an unknown outcome, in ms (tests use 0). */
  unknownOutcomePauseMs?: number;
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
