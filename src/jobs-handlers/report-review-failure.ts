import { GitHubApiError } from "../github/github-api-error.ts";
import type { JobFailureReporter } from "../jobs/job-types.ts";
import type { ReviewJob } from "../review-job/pass-types.ts";
import { reportPassFailure } from "../review-job/report-pass-failure.ts";
import type { Db } from "../store/db.ts";
import { type JobGitHubOptions, jobGitHub } from "./job-github.ts";
import { parseReviewPayload } from "./parse-review-payload.ts";

/** What reporting a dead RunReview job needs (the same as running one). */
export interface ReviewFailureReporterDeps extends JobGitHubOptions {
  db: Db;
  /** `sendOnce`'s pause before looking after an unknown outcome, in ms (tests use 0). */
  unknownOutcomePauseMs?: number;
}

/** Said when a job died without an error of its own (its lease expired on the last attempt). */
const LEASE_EXPIRED =
  "The review stopped without an error: the worker running it stopped answering (a crash, or a restart) and its lease expired.";

/**
 * The `JobFailureReporter` of `RunReview` (register it for that kind): the queue runs it in a
 * `ReportFailure` job when a review job died — its last attempt failed or its lease expired on
 * it. Completes the dead job's check run `failure` with what failed and how to retry, and tells
 * the loop the pass failed (`reportPassFailure`). Idempotent; a GitHub error is thrown so the
 * report is retried, except a permanent refusal (the repository or installation is gone).
 */
export function createReviewFailureReporter(deps: ReviewFailureReporterDeps): JobFailureReporter {
  return async ({ job, diagnostics }, ctx) => {
    const payload = parseReviewPayload(job.payload);
    if (payload === null) {
      ctx.log.warn({ jobId: job.id }, "Dead RunReview job has a malformed payload: not reported");
      return;
    }
    const log = ctx.log.child({
      repo: payload.repoFullName,
      pr: payload.prNumber,
      sha: payload.headSha.slice(0, 7),
      deadJobId: job.id,
    });
    const reviewJob: ReviewJob = {
      ...payload,
      jobId: job.id,
      attempt: job.attempts,
      generation: job.generation,
    };
    const { github } = await jobGitHub(deps, payload.installationId, ctx.signal, log);
    try {
      await reportPassFailure(
        {
          db: deps.db,
          checks: github.checks,
          log,
          signal: ctx.signal,
          ...(deps.unknownOutcomePauseMs === undefined
            ? {}
            : { pauseMs: deps.unknownOutcomePauseMs }),
        },
        reviewJob,
        { message: diagnostics?.message ?? LEASE_EXPIRED, attempts: job.attempts },
      );
    } catch (error) {
      if (error instanceof GitHubApiError && error.permanent) {
        log.warn({ err: error }, "Could not report the failed review on GitHub (refused)");
        return;
      }
      throw error;
    }
    log.info("Reported the failed review");
  };
}
