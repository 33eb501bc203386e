import type { ReviewEngine } from "../engines/review-engine.ts";
import { countRequests } from "../github/count-requests.ts";
import { withDryRun } from "../github/dry-run-ports.ts";
import type { GitHubClients } from "../github/github-clients.ts";
import { createOctokitPorts } from "../github/github-ports.ts";
import { serializeMutations } from "../github/serialize-mutations.ts";
import { isPermanent } from "../jobs/fail-job.ts";
import type { JobHandler } from "../jobs/job-types.ts";
import { PermanentJobError } from "../jobs/permanent-job-error.ts";
import { reportPassFailure } from "../review-job/report-pass-failure.ts";
import { runReviewPass } from "../review-job/run-review-pass.ts";
import type { Db } from "../store/db.ts";
import { parseReviewPayload } from "./parse-review-payload.ts";

/** What the RunReview job needs from the process. */
export interface RunReviewDeps {
  db: Db;
  github: GitHubClients;
  /** `REVIEWLOOP_DRY_RUN`: log every mutation as "Would …" instead of sending it. */
  dryRun: boolean;
  /** Default: the builtin engine. */
  engines?: readonly ReviewEngine[];
}

/**
 * The `RunReview` job: an installation client whose writes are serialized and whose requests
 * are counted, the GitHub ports over it (dry-run decorated when asked), then one review pass.
 * A throw retries with backoff (or waits as a rate limit says); 404s end the pass cleanly. The
 * last attempt's failure is reported on the check run and to the loop (never silent).
 */
export function createRunReviewHandler(deps: RunReviewDeps): JobHandler {
  return async (job, { log, assertLease }) => {
    const payload = parseReviewPayload(job.payload);
    if (payload === null) throw new PermanentJobError("malformed RunReview payload");
    const passLog = log.child({
      repo: payload.repoFullName,
      pr: payload.prNumber,
      sha: payload.headSha.slice(0, 7),
    });
    const octokit = await deps.github.forInstallation(payload.installationId);
    serializeMutations(octokit, payload.installationId);
    const requests = countRequests(octokit);
    const ports = createOctokitPorts(octokit);
    const github = deps.dryRun ? withDryRun(ports, passLog) : ports;
    const reviewJob = {
      ...payload,
      jobId: job.id,
      attempt: job.attempts,
      resumed: job.attempts > 1 || job.lastError !== null,
      createdAt: job.createdAt,
      generation: job.generation,
      assertLease,
    };
    let result: Awaited<ReturnType<typeof runReviewPass>>;
    try {
      result = await runReviewPass(
        {
          db: deps.db,
          github,
          requests,
          log: passLog,
          ...(deps.engines === undefined ? {} : { engines: deps.engines }),
        },
        reviewJob,
      );
    } catch (error) {
      // The queue retries this job; after its last attempt nobody would hear of it otherwise.
      if (job.attempts >= job.maxAttempts || isPermanent(error)) {
        await reportPassFailure(
          { db: deps.db, checks: github.checks, log: passLog },
          reviewJob,
          error,
        );
      }
      throw error;
    }
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
