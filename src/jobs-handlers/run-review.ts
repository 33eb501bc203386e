import type { LlmSettings, LlmUsage } from "../engines/llm/llm-types.ts";
import type { ReviewEngine } from "../engines/review-engine.ts";
import type { JobHandler } from "../jobs/job-types.ts";
import { PermanentJobError } from "../jobs/permanent-job-error.ts";
import type { ReviewJob } from "../review-job/pass-types.ts";
import { runReviewPass } from "../review-job/run-review-pass.ts";
import type { Db } from "../store/db.ts";
import { type JobGitHubOptions, jobGitHub } from "./job-github.ts";
import { parseReviewPayload } from "./parse-review-payload.ts";

/** What the RunReview job needs from the process. */
export interface RunReviewDeps extends JobGitHubOptions {
  db: Db;
  /** Default: the builtin engine and the checks engine. */
  engines?: readonly ReviewEngine[];
  /** The operator's LLM settings (`REVIEWLOOP_LLM_*`); absent = the LLM engine is off. */
  llm?: LlmSettings;
  /** Told each pass's LLM usage (the process's Prometheus counters). */
  onLlmUsage?: (usage: LlmUsage) => void;
  /** `sendOnce`'s pause before looking after an unknown outcome, in ms (tests use 0). */
  unknownOutcomePauseMs?: number;
}

/**
 * The `RunReview` job: a guarded installation client (see `jobGitHub`), the GitHub ports over
 * it, then one review pass that knows the job's signal and lease. A throw retries with backoff
 * (or waits as a rate limit says); 404s end the pass cleanly. A job that dies (last attempt
 * failed, or its lease expired on it) is reported by the queue's `ReportFailure` job through
 * `createReviewFailureReporter`, not here: a crash or a lost lease reports it too.
 */
export function createRunReviewHandler(deps: RunReviewDeps): JobHandler {
  return async (job, ctx) => {
    const payload = parseReviewPayload(job.payload);
    if (payload === null) throw new PermanentJobError("malformed RunReview payload");
    const passLog = ctx.log.child({
      repo: payload.repoFullName,
      pr: payload.prNumber,
      sha: payload.headSha.slice(0, 7),
    });
    const { github, requests } = await jobGitHub(deps, payload.installationId, ctx.signal, passLog);
    const reviewJob: ReviewJob = {
      ...payload,
      jobId: job.id,
      attempt: job.attempts,
      generation: job.generation,
      createdAt: job.createdAt,
      deferred: job.deferred,
      assertLease: ctx.assertLease,
    };
    const result = await runReviewPass(
      {
        db: deps.db,
        github,
        requests,
        log: passLog,
        signal: ctx.signal,
        assertLease: ctx.assertLease,
        ...(deps.engines === undefined ? {} : { engines: deps.engines }),
        ...(deps.llm === undefined
          ? {}
          : {
              llm: {
                settings: deps.llm,
                ...(deps.onLlmUsage === undefined ? {} : { onUsage: deps.onLlmUsage }),
              },
            }),
        ...(deps.unknownOutcomePauseMs === undefined
          ? {}
          : { unknownOutcomePauseMs: deps.unknownOutcomePauseMs }),
      },
      reviewJob,
    );
    passLog.info(
      {
        outcome: result.outcome,
        reason: result.reason,
        mode: result.mode,
        requests: result.requests,
        durationMs: Math.round(result.durationMs),
      },
      "Review pass finished",
    );
  };
}
