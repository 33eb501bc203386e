import type { RepoConfig } from "../config/schema.ts";
import type { FoundCheckRun } from "../github/check-run-publisher.ts";
import type { CheckRunInfo } from "../github/check-runs-reader.ts";
import type { PullRequestInfo } from "../github/pull-request-reader.ts";
import type { PullRef } from "../github/refs.ts";
import type { ChecksSeen, ReviewOutcome } from "../loop/types.ts";
import { parseMarkers } from "../review/markers.ts";
import { isBlocking } from "../review/verdict.ts";
import { listIgnoredFingerprints } from "../store/disposition-repository.ts";
import { listFindings } from "../store/finding-repository.ts";
import { readLoop } from "../store/loop-repository.ts";
import { completeCheckRun } from "./complete-check-run.ts";
import { gatherDiff } from "./gather-diff.ts";
import { passEngines } from "./pass-engines.ts";
import type { PassIdentity } from "./pass-identity.ts";
import type { PassDeps, ReviewJob } from "./pass-types.ts";
import { type CommentRef, persistPass } from "./persist-pass.ts";
import { planPass } from "./plan-pass.ts";
import { postReview } from "./post-review.ts";
import { readPassChecks } from "./read-pass-checks.ts";
import {
  checkRunSummary,
  checkRunTitle,
  closedOutput,
  heldOutput,
  renderRequestCount,
  supersededOutput,
  toAnnotations,
} from "./render-check-output.ts";
import { resolveThreads } from "./resolve-threads.ts";
import { staleReason } from "./stale-reason.ts";

/** What `runReviewPass` knows when the check run is in progress. */
export interface PublishInput {
  job: ReviewJob;
  ref: PullRef;
  pr: PullRequestInfo;
  config: RepoConfig;
  /** The job's review marker and check-run `external_id`. */
  identity: PassIdentity;
  checkRunId: number;
  /** The check run an earlier run of this job created, if any (adopted as `checkRunId`). */
  earlierCheckRun: FoundCheckRun | null;
  /** `performance.now()` when the pass started. */
  started: number;
  /** The head's check runs, when the checks engine's wait step read them. */
  checkRuns?: readonly CheckRunInfo[];
}

/** How the publishing steps ended. */
export interface Published {
  outcome: ReviewOutcome;
  reason: string;
  mode: "full" | "incremental";
  reviewId?: number;
  blocking?: boolean;
  /** Fingerprints of the blocking findings open after the pass (the loop's no-progress rule). */
  blockingFingerprints?: string[];
  /** Open findings of any severity after the pass (what `/reviewloop fix` would send). */
  openFindings?: number;
  /** The head's CI at the pass's end (only with `remediation.on_ci_failure`; see `readPassChecks`). */
  checks?: ChecksSeen;
}

/**
 * The steps of a pass once its check run is in progress:
 * a. list the files (and compare with the last reviewed head: full or incremental) while looking
 *    for the review an earlier run of this job posted (every attempt looks, by the job's marker);
 * b. run the engines and plan everything to post (pure core);
 * c. re-check the database: a newer head or a closed loop → complete the check run, post nothing;
 *    an aborted job (lease lost, handed back) stops here;
 * d. post the one review at most once (`sendOnce`), or adopt the one found in a.;
 * e. read the new comments' ids (the create answer has none) to link and resolve threads later;
 * f. resolve the threads of resolved findings;
 * g. complete the check run: annotations in chunks of 50, the last request completes it and
 *    carries the summary with the pass's request count;
 * h. persist the pass and its findings;
 * i. read the head's check runs for the loop (CI failures as rounds), when it acts on them.
 */
export async function publishPass(deps: PassDeps, input: PublishInput): Promise<Published> {
  const { db, github, log } = deps;
  const { job, ref, checkRunId } = input;

  // a.
  const loop = await readLoop(db, job.repoId, job.prNumber);
  // `/reviewloop full-review` asks for the whole pull request, as if nothing had been reviewed.
  const lastReviewed = job.mode === "full" ? null : (loop?.state.lastReviewedSha ?? null);
  const [diff, earlierReview] = await Promise.all([
    gatherDiff(github.pulls, ref, input.pr, lastReviewed),
    github.reviews.findReview(ref, input.identity.marker),
  ]);
  log.info({ mode: diff.mode, base: diff.base, reason: diff.fullReason }, "Reviewing");

  // b.
  const stored = await listFindings(db, job.repoId, job.prNumber);
  const scope = { repoId: job.repoId, prNumber: job.prNumber };
  const plan = await planPass({
    loopRound: loop?.state.round ?? 0,
    headUnchanged: loop?.state.lastReviewedSha === job.headSha,
    ignoredFingerprints: new Set(await listIgnoredFingerprints(db, scope)),
    diff,
    stored,
    config: input.config,
    headSha: job.headSha,
    marker: input.identity.marker,
    engines: passEngines(deps, {
      ref,
      job,
      pr: input.pr,
      ...(input.checkRuns === undefined ? {} : { runs: input.checkRuns }),
    }),
  });
  const { result } = plan;

  // c.
  deps.signal?.throwIfAborted();
  const now = await readLoop(db, job.repoId, job.prNumber);
  const stale = staleReason(now, job.headSha, job.trigger);
  if (stale !== null) {
    const newer = now?.headSha ?? job.headSha;
    await github.checks.updateCheckRun(ref, checkRunId, {
      status: "completed",
      conclusion: "neutral",
      completed_at: new Date().toISOString(),
      output:
        stale.outcome === "superseded"
          ? supersededOutput(job.headSha, newer)
          : stale.held
            ? heldOutput(stale.reason)
            : closedOutput(),
    });
    return { outcome: stale.outcome, reason: stale.reason, mode: diff.mode };
  }

  // d.
  const once = {
    log,
    ...(deps.signal === undefined ? {} : { signal: deps.signal }),
    ...(deps.unknownOutcomePauseMs === undefined ? {} : { pauseMs: deps.unknownOutcomePauseMs }),
  };
  const posted = earlierReview
    ? { review: earlierReview, inline: true }
    : await postReview(
        { reviews: github.reviews, ...once },
        ref,
        {
          commit_id: job.headSha,
          event: result.reviewEvent,
          body: plan.body,
          comments: plan.newComments.map((c) => c.comment),
        },
        input.identity.marker,
      );

  // e.
  const comments = new Map<string, CommentRef>();
  if (posted.inline && plan.newComments.length > 0) {
    for (const comment of await github.reviews.listReviewComments(
      ref,
      posted.review.id,
      plan.newComments.length,
    )) {
      const [fingerprint] = parseMarkers(comment.body).fingerprints;
      if (fingerprint !== undefined)
        comments.set(fingerprint, { id: comment.id, url: comment.htmlUrl });
    }
  }

  // f.
  const threadsResolved = await resolveThreads(github.threads, ref, plan.resolved);

  // g.
  const blocking = result.conclusion === "failure";
  const severity = input.config.review.blocking_severity;
  const title = checkRunTitle(
    result.conclusion,
    result.placed.length,
    result.placed.filter((f) => isBlocking(f, severity)).length,
  );
  // GitHub appends annotations: an adopted run keeps those an earlier attempt sent (same order).
  if (input.earlierCheckRun?.status !== "completed") {
    await completeCheckRun(
      { checks: github.checks, ...once },
      {
        repo: ref,
        checkRunId,
        identity: input.identity.checkRun,
        annotations: toAnnotations(result.placed),
        alreadySent: input.earlierCheckRun?.annotationsCount ?? 0,
        output: { title, summary: plan.body },
        completion: (annotations) => {
          // Counted before it is sent: the summary it carries is exact (unless it is resent).
          const byMethod = deps.requests.byMethod();
          byMethod.PATCH = (byMethod.PATCH ?? 0) + 1;
          const requests = renderRequestCount(deps.requests.total() + 1, byMethod);
          return {
            status: "completed",
            conclusion: result.conclusion,
            completed_at: new Date().toISOString(),
            output: {
              title,
              summary: checkRunSummary(plan.body, requests),
              // The whole disposition table: the summary shows its most urgent rows.
              ...(result.dispositionText === undefined ? {} : { text: result.dispositionText }),
              annotations,
            },
          };
        },
      },
    );
  }

  // h.
  deps.signal?.throwIfAborted();
  await persistPass(
    db,
    {
      installationId: job.installationId,
      repoId: job.repoId,
      prNumber: job.prNumber,
      baseSha: diff.base,
      headSha: job.headSha,
      mode: diff.mode,
      verdict: result.verdict,
      conclusion: result.conclusion,
      counts: {
        ...result.counts,
        new: plan.newComments.length,
        carried: plan.carried,
        resolved: plan.resolved.length,
      },
      githubRequests: deps.requests.total(),
      durationMs: performance.now() - input.started,
      reviewId: posted.review.id || null,
      checkRunId: checkRunId || null,
      trigger: job.trigger,
      jobId: job.jobId,
    },
    plan,
    comments,
    threadsResolved,
    deps.assertLease,
  );

  // i.
  const checks = await readPassChecks(deps, job, ref, input.config);
  return {
    outcome: "posted",
    reason: `${result.verdict}, ${result.placed.length} findings`,
    mode: diff.mode,
    reviewId: posted.review.id,
    blocking,
    blockingFingerprints: result.placed
      .filter((f) => isBlocking(f, severity))
      .map((f) => f.fingerprint)
      .sort(),
    openFindings: result.placed.length,
    ...(checks === undefined ? {} : { checks }),
  };
}
