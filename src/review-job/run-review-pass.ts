import { CHECK_RUN_NAME } from "../github/check-run-identity.ts";
import { GitHubApiError } from "../github/github-api-error.ts";
import { type PullRef, toRepoRef } from "../github/refs.ts";
import type { GitHubView, ReviewOutcome } from "../loop/types.ts";
import { toLoopSettings } from "../remediation/loop-settings.ts";
import { readLoop } from "../store/loop-repository.ts";
import { closeWaitingCheckRun, type EarlyEnd } from "./close-waiting-check-run.ts";
import { createCheckRunOnce } from "./create-check-run-once.ts";
import { decideSkip } from "./decide-skip.ts";
import { finishPass, type PassFacts } from "./finish-pass.ts";
import { passIdentity } from "./pass-identity.ts";
import type { PassDeps, PassResult, ReviewJob } from "./pass-types.ts";
import { publishPass } from "./publish-pass.ts";
import { readRepoConfig } from "./read-repo-config.ts";
import { configErrorOutput, failedOutput, inProgressOutput } from "./render-check-output.ts";
import { staleReason } from "./stale-reason.ts";
import { waitForChecks } from "./wait-for-checks.ts";

/**
 * One review pass on GitHub, in numbered steps:
 * 1. stop when the database already knows a newer head or a closed loop, or the loop asked for
 *    this head again since (no request);
 * 2. read the pull request — closed, or another head on GitHub → stop without posting (the loop
 *    learns what GitHub showed and moves on: see docs/loop.md);
 * 3. read and validate the config and, at the same time, look for the check run an earlier run of
 *    this job created (every attempt looks: a crash can lose the attempt count) — invalid config
 *    → a neutral "Configuration error" check run;
 * 4. apply the config's filters (draft, base branch, author, label) — skipped → nothing posted;
 * 5. stop if the job was aborted (lease lost, handed back) before anything is posted;
 * 6. create the check run `in_progress` (at most once: `sendOnce`), or adopt the one found;
 *    then, with the checks engine on, read the head's check runs and, with `wait: true`, defer
 *    the job while the selected checks have not completed (`waitForChecks`);
 * 7. review, post, resolve and complete: see `publishPass`;
 * 8. report the outcome to the loop (`ReviewFinished`).
 * A 404 anywhere (pull request, repository or installation gone) ends the pass cleanly.
 */
export async function runReviewPass(deps: PassDeps, job: ReviewJob): Promise<PassResult> {
  const started = performance.now();
  const { db, github, log } = deps;
  const ref: PullRef = { ...toRepoRef(job.repoFullName), pullNumber: job.prNumber };
  const identity = passIdentity(job);
  const once = {
    checks: github.checks,
    log,
    ...(deps.signal === undefined ? {} : { signal: deps.signal }),
    ...(deps.unknownOutcomePauseMs === undefined ? {} : { pauseMs: deps.unknownOutcomePauseMs }),
  };
  // What GitHub showed in step 2: the loop decides from it what comes after a pass that stopped.
  let seen: GitHubView | undefined;
  const end = async (
    outcome: ReviewOutcome,
    reason: string,
    extra: Partial<PassResult> = {},
    blocking?: boolean,
    facts: PassFacts = {},
  ): Promise<PassResult> => {
    await finishPass(db, job, outcome, blocking, {
      ...facts,
      detail: reason,
      ...(seen === undefined ? {} : { github: seen }),
    });
    return {
      outcome,
      reason,
      ...extra,
      requests: deps.requests.total(),
      durationMs: performance.now() - started,
    };
  };

  // A pass that deferred itself left its check run "Waiting for …": ending early, it completes it.
  const endEarly = async (early: EarlyEnd): Promise<PassResult> => {
    if (
      job.deferred === true &&
      (await closeWaitingCheckRun(github.checks, ref, identity, early))
    ) {
      log.info({ reason: early.reason }, "Completed the waiting check run of this pass");
    }
    return await end(early.outcome, early.reason);
  };

  try {
    // 1.
    const loop = await readLoop(db, job.repoId, job.prNumber);
    const stale = staleReason(loop, job.headSha, job.trigger, job.seq);
    if (stale) {
      return await endEarly({
        ...stale,
        closed: loop?.state.status === "closed",
        ...(loop?.headSha ? { newerSha: loop.headSha } : {}),
      });
    }

    // 2.
    const pr = await github.pulls.getPullRequest(ref);
    seen = {
      headSha: pr.headSha,
      baseSha: pr.baseSha,
      state: pr.state,
      ...(pr.updatedAt === undefined ? {} : { updatedAt: pr.updatedAt }),
    };
    if (pr.state !== "open") {
      return await endEarly({
        outcome: "stopped",
        reason: `pull request is ${pr.merged ? "merged" : "closed"}`,
        closed: true,
      });
    }
    if (pr.headSha !== job.headSha) {
      return await endEarly({
        outcome: "superseded",
        reason: `GitHub's head is ${pr.headSha.slice(0, 7)}`,
        newerSha: pr.headSha,
      });
    }

    // 3. The lookup costs no latency: it runs while the config is read.
    const [config, earlierCheckRun] = await Promise.all([
      readRepoConfig(github.config, ref),
      github.checks.findCheckRun(ref, identity.checkRun),
    ]);
    if (!config.ok) {
      deps.signal?.throwIfAborted();
      const checkRunId =
        earlierCheckRun?.id ??
        (
          await createCheckRunOnce(once, ref, {
            name: CHECK_RUN_NAME,
            head_sha: job.headSha,
            external_id: identity.externalId,
            status: "completed",
            conclusion: "neutral",
            completed_at: new Date().toISOString(),
            output: configErrorOutput(config.errors, identity.marker),
          })
        ).id;
      log.warn({ errors: config.errors }, "Invalid .github/reviewloop.yml: nothing reviewed");
      return await end("config_error", `${config.errors.length} config errors`, { checkRunId });
    }
    for (const warning of config.warnings) log.info({ warning }, "Config warning");

    // 4.
    const skip = decideSkip(pr, config.config.review);
    if (skip !== null) return await endEarly({ outcome: "skipped", reason: skip });

    // 5.
    deps.signal?.throwIfAborted();

    // 6.
    const checkRunId =
      earlierCheckRun?.id ??
      (
        await createCheckRunOnce(once, ref, {
          name: CHECK_RUN_NAME,
          head_sha: job.headSha,
          external_id: identity.externalId,
          status: "in_progress",
          started_at: new Date().toISOString(),
          output: inProgressOutput(job.headSha, job.trigger),
        })
      ).id;

    // 7.
    try {
      // 6b. Throws DeferJobError while the pass waits for other checks (the job is not held).
      const checkRuns = await waitForChecks(deps, {
        job,
        ref,
        config: config.config,
        checkRunId,
      });
      const published = await publishPass(deps, {
        job,
        ref,
        pr,
        config: config.config,
        identity,
        checkRunId,
        earlierCheckRun,
        started,
        ...(checkRuns === undefined ? {} : { checkRuns }),
      });
      // 8.
      return await end(
        published.outcome,
        published.reason,
        { checkRunId, mode: published.mode, reviewId: published.reviewId },
        published.blocking,
        {
          settings: toLoopSettings(
            config.config.remediation,
            config.config.commands.resume_rounds,
            config.config.engines.checks.timeout_minutes,
          ),
          fork: pr.fromFork,
          ...(published.blockingFingerprints === undefined
            ? {}
            : { blockingFingerprints: published.blockingFingerprints }),
          ...(published.openFindings === undefined ? {} : { openFindings: published.openFindings }),
          ...(published.checks === undefined ? {} : { checks: published.checks }),
        },
      );
    } catch (error) {
      // A permanent refusal fails the pass now, saying GitHub's reason (the job dies at once;
      // its failure report then finds the run completed and keeps it). Retries keep it running.
      if (error instanceof GitHubApiError && error.permanent && !error.isNotFound) {
        await github.checks
          .updateCheckRun(ref, checkRunId, {
            status: "completed",
            conclusion: "failure",
            completed_at: new Date().toISOString(),
            output: failedOutput(error.message),
          })
          .catch((cause) => log.warn({ err: cause }, "Could not complete the check run"));
      }
      throw error;
    }
  } catch (error) {
    if (error instanceof GitHubApiError && error.isNotFound) {
      log.info({ err: error }, "Pull request, repository or installation is gone; stopping");
      return await end("stopped", "gone (404)");
    }
    throw error;
  }
}
