import type { Logger } from "pino";
import { octokitActionsJobReader } from "../github/octokit-run-reader.ts";
import { toRepoRef } from "../github/refs.ts";
import type { JobContext } from "../jobs/job-types.ts";
import {
  type RemediationDeps,
  type RemediationGitHub,
  remediationGitHub,
} from "../jobs-handlers/remediation-github.ts";
import { updateRemediationSection } from "../jobs-handlers/update-remediation-section.ts";
import type { DispatchPayloadJob } from "../loop/remediation-jobs.ts";
import { roundLimit } from "../loop/rounds.ts";
import { buildDispatchPayload } from "../remediation/build-dispatch-payload.ts";
import { createDispatcher } from "../remediation/create-dispatcher.ts";
import { payloadLimitFor } from "../remediation/dispatch-limits.ts";
import { toLoopSettings } from "../remediation/loop-settings.ts";
import { readRepoConfig } from "../review-job/read-repo-config.ts";
import type { Db } from "../store/db.ts";
import {
  listUnconfirmedAttempts,
  readAttempt,
  recordFoundRun,
} from "../store/dispatch-repository.ts";
import { readLoop } from "../store/loop-repository.ts";
import { answerDispatch, type DispatchAnswer } from "./answer-dispatch.ts";
import { claimAttempt } from "./claim-attempt.ts";
import { gatherPayloadInput } from "./gather-payload-input.ts";
import { resolveTarget } from "./resolve-target.ts";
import { sendDispatch } from "./send-dispatch.ts";

export interface DispatchJobDeps extends RemediationDeps {
  db: Db;
  /** Where pull requests are shown (`https://github.com`, or the GHES host). */
  htmlBaseUrl?: string;
}

/** How a Dispatch job ended, for its log line and tests. */
export type DispatchJobOutcome =
  | "stale"
  | "accepted"
  | "refused"
  | "held"
  | "unavailable"
  | "recorded"
  | "closed";

function unavailable(detail: string): DispatchAnswer {
  return {
    event: { result: "unavailable", detail },
    record: {
      status: "unavailable",
      conclusion: "unavailable",
      diagnostics: { conclusion: "unavailable", failedJobs: [], message: detail },
    },
  };
}

/**
 * The Dispatch job: the paid effect, at most once per attempt.
 * 1. Stale? The loop no longer waits for this attempt (a push, a stop, a newer Dispatch): done.
 * 2. Read the pull request and the config (target, caps); no dispatch to a fork, none without
 *    the operator's webhook URL, none in dry-run mode — each said, never silent.
 * 3. Build the payload and claim the attempt's row (caps checked in the same transaction).
 * 4. Send; after an unknown outcome, or when an earlier run of this job had claimed the row, look
 *    for the run by its dispatch id before sending again. Earlier attempts of the round whose
 *    outcome stayed unknown are looked for first: a run of theirs is adopted, nothing is sent.
 * 5. Record the answer and feed it to the loop, under the lease, in one transaction.
 */
export async function runDispatch(
  deps: DispatchJobDeps,
  job: DispatchPayloadJob,
  ctx: JobContext,
  log: Logger,
): Promise<DispatchJobOutcome> {
  const { db } = deps;
  // 1.
  const loop = await readLoop(db, job.repoId, job.prNumber);
  const fix = loop?.state.fix ?? null;
  if (loop === null || fix === null || fix.dispatchId !== job.dispatchId || fix.seq !== job.seq) {
    return "stale";
  }
  const answer = (a: DispatchAnswer) => answerDispatch(db, job, a, ctx.assertLease);

  // 2.
  const gh = await remediationGitHub(deps, job.installationId, ctx.signal);
  const repo = toRepoRef(job.repoFullName);
  const pr = await gh.ports.pulls.getPullRequest({ ...repo, pullNumber: job.prNumber });
  if (pr.state !== "open") return "closed";
  const config = await readRepoConfig(gh.ports.config, repo);
  if (!config.ok) {
    await answer(unavailable("`.github/reviewloop.yml` is invalid (see the check run)"));
    return "unavailable";
  }
  const resolved = resolveTarget(config.config, pr, deps.fixerWebhook);
  if (!resolved.ok) {
    await answer(unavailable(resolved.reason));
    await note(deps, gh, job, log, `No fixer was dispatched: ${resolved.reason}.`);
    return "unavailable";
  }
  if (deps.dryRun) {
    log.info(
      { target: resolved.target.type, dispatchId: job.publicId },
      "Would dispatch the fixer (dry run)",
    );
    await answer(unavailable("`REVIEWLOOP_DRY_RUN` is set: the fixer was not dispatched"));
    return "unavailable";
  }

  // 3.
  const settings = toLoopSettings(
    config.config.remediation,
    undefined,
    config.config.engines.checks.timeout_minutes,
  );
  const existing = await readAttempt(db, job.publicId);
  if (existing === null) {
    log.warn({ dispatchId: job.publicId }, "No recorded intent for this dispatch; nothing sent");
    return "stale";
  }
  const input = await gatherPayloadInput(
    db,
    job,
    existing,
    pr,
    settings,
    config.config.review.blocking_severity,
    roundLimit(loop.state, settings),
    deps.htmlBaseUrl ?? "https://github.com",
    // CI failures as rounds: the head's failing checks travel with the findings.
    config.config.remediation.on_ci_failure
      ? {
          checkRuns: gh.ports.checkRuns,
          actionsJobs: octokitActionsJobReader(gh.octokit, { secrets: deps.secrets ?? [] }),
          secrets: deps.secrets ?? [],
          signal: ctx.signal,
        }
      : undefined,
  );
  const payload = buildDispatchPayload(
    input,
    payloadLimitFor(resolved.target.type, {
      pr: job.prNumber,
      round: job.round,
      dispatchId: job.publicId,
    }),
  );
  const now = deps.now?.() ?? new Date();
  const claim = await claimAttempt(
    db,
    job.publicId,
    payload,
    {
      maxPerDay: config.config.remediation.max_dispatches_per_day,
      maxInFlight: deps.maxRoundsInFlight,
      now,
    },
    ctx.assertLease,
  );
  if (claim === null) return "stale";
  if (claim.kind === "held") {
    await answer({ event: { result: "held", detail: claim.reason, retryInMs: claim.retryInMs } });
    await note(deps, gh, job, log, `Round ${job.round} is held: ${claim.reason}.`);
    return "held";
  }
  if (claim.kind === "recorded") {
    // A retry after the answer was stored: say it again (the loop ignores a repeat).
    const a = claim.attempt;
    if (a.status === "refused" || a.status === "unavailable") {
      const detail = a.diagnostics?.message ?? a.status;
      await answer({ event: { result: a.status, detail } });
      return "recorded";
    }
    await answer({
      event: {
        result: "accepted",
        ...(a.runId === null ? {} : { runId: a.runId }),
        ...(a.runUrl === null ? {} : { runUrl: a.runUrl }),
      },
    });
    return "recorded";
  }

  // 4.
  const dispatcher = createDispatcher({
    github: gh.octokit,
    ...(deps.fixerWebhook ? { webhook: {} } : {}),
  });
  const earlier = await listUnconfirmedAttempts(db, claim.attempt);
  const sent = await sendDispatch(
    dispatcher,
    { ...repo, target: resolved.target, payload, signal: ctx.signal },
    {
      since: claim.attempt.createdAt,
      lookFirst: claim.kind === "unknown",
      earlier: earlier.map((a) => ({ dispatchId: a.dispatchId, since: a.createdAt })),
      log,
      ...(deps.unknownOutcomePauseMs === undefined ? {} : { pauseMs: deps.unknownOutcomePauseMs }),
      signal: ctx.signal,
    },
  );

  // 5.
  if (sent.accepted) {
    const run = sent.run;
    const adoptedFrom = sent.adoptedFrom;
    if (adoptedFrom !== undefined && run !== null) {
      // Kept on the earlier row too, so the same run is not adopted again by a later attempt.
      await recordFoundRun(db, adoptedFrom, run);
    }
    await answer({
      event: {
        result: "accepted",
        ...(run === null ? {} : { runId: run.runId, runUrl: run.runUrl }),
      },
      record: {
        status: "accepted",
        ...(run === null ? {} : { runId: run.runId, runUrl: run.runUrl }),
      },
    });
    log.info({ dispatchId: job.publicId, runId: run?.runId }, "Dispatched the fixer");
    return "accepted";
  }
  const detail = `HTTP ${sent.status}: ${sent.message}`;
  await answer({
    event: { result: "refused", detail },
    record: {
      status: "refused",
      conclusion: "refused",
      diagnostics: {
        conclusion: "refused",
        failedJobs: [],
        httpStatus: sent.status,
        message: sent.message,
      },
    },
  });
  log.warn({ dispatchId: job.publicId, status: sent.status }, "The fixer dispatch was refused");
  return "refused";
}

/** Says on the head's check run what became of the round (best effort; status says it too). */
async function note(
  deps: DispatchJobDeps,
  gh: RemediationGitHub,
  job: DispatchPayloadJob,
  log: Logger,
  text: string,
): Promise<void> {
  await updateRemediationSection(
    { db: deps.db, checks: gh.ports.checks, checkRuns: gh.checkRuns, log },
    toRepoRef(job.repoFullName),
    job,
    job.headSha,
    `## Remediation\n\n${text}`,
  );
}
