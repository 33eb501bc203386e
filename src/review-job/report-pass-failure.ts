import type { Logger } from "pino";
import { neutralizeCommands } from "../commands/neutralize-commands.ts";
import { CHECK_RUN_NAME } from "../github/check-run-identity.ts";
import type { CheckRunPublisher } from "../github/check-run-publisher.ts";
import { toRepoRef } from "../github/refs.ts";
import type { Db } from "../store/db.ts";
import { createCheckRunOnce } from "./create-check-run-once.ts";
import { finishPass } from "./finish-pass.ts";
import { passIdentity } from "./pass-identity.ts";
import type { ReviewJob } from "./pass-types.ts";

const MAX_MESSAGE = 2_000;

/** What failed, as the failure report shows it. */
export interface PassFailure {
  /** The last error's message (the job's diagnostics). */
  message: string;
  /** Attempts the job made. */
  attempts: number;
}

/** The check-run output of a pass that gave up: what failed, how often, and how to retry. */
export function renderFailureOutput(
  job: Pick<ReviewJob, "headSha">,
  failure: PassFailure,
  appSlug = "reviewloop",
) {
  const message = failure.message.slice(0, MAX_MESSAGE);
  const attempts = `${failure.attempts} attempt${failure.attempts === 1 ? "" : "s"}`;
  return {
    title: "Review failed",
    summary: [
      `reviewloop could not review \`${job.headSha.slice(0, 7)}\` after ${attempts}.`,
      "",
      "```text",
      neutralizeCommands(message.replaceAll("```", "'''"), appSlug),
      "```",
      "",
      "Press **Re-run** on this check, push a commit, or comment `review` to the app to try again. The job's full diagnostics are kept in the app's dead-letter queue.",
    ].join("\n"),
  };
}

/** What reporting a failed pass needs. */
export interface ReportPassFailureDeps {
  db: Db;
  checks: CheckRunPublisher;
  log: Logger;
  signal?: AbortSignal;
  /** `sendOnce`'s pause before looking (tests use 0). */
  pauseMs?: number;
}

/**
 * A RunReview job died: nothing must fail silently. Completes the job's own `reviewloop` check
 * run (found by its `external_id`; created already completed when the job never made one) with
 * conclusion `failure`, the error and how to retry, then tells the loop the pass failed so it
 * does not wait for it. Idempotent: a second report finds the run completed and the loop's
 * `ReviewFinished` already applied (keyed by the job). A GitHub error is thrown after the loop
 * was told, so the report is retried without leaving the loop waiting.
 */
export async function reportPassFailure(
  deps: ReportPassFailureDeps,
  job: ReviewJob,
  failure: PassFailure,
): Promise<void> {
  const repo = toRepoRef(job.repoFullName);
  const identity = passIdentity(job);
  const completed = {
    status: "completed" as const,
    conclusion: "failure" as const,
    completed_at: new Date().toISOString(),
    output: renderFailureOutput(job, failure),
  };
  let gitHubError: unknown = null;
  try {
    const existing = await deps.checks.findCheckRun(repo, identity.checkRun);
    // A pass that already explained its end on the check run (e.g. "Review could not be
    // posted"), and a report that ran before, keep what the run says.
    if (existing?.status === "completed") deps.log.info("Check run already completed");
    // Completing is idempotent (no annotations): resending it after a 5xx is harmless.
    else if (existing) await deps.checks.updateCheckRun(repo, existing.id, completed);
    else {
      await createCheckRunOnce(deps, repo, {
        name: CHECK_RUN_NAME,
        head_sha: job.headSha,
        external_id: identity.externalId,
        ...completed,
      });
    }
  } catch (error) {
    gitHubError = error;
  }
  await finishPass(deps.db, job, "failed");
  if (gitHubError !== null) throw gitHubError;
}
