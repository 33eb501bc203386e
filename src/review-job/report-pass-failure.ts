import type { Logger } from "pino";
import { neutralizeCommands } from "../commands/neutralize-commands.ts";
import { CHECK_RUN_NAME, checkRunExternalId } from "../github/check-run-identity.ts";
import type { CheckRunPublisher } from "../github/check-run-publisher.ts";
import { toRepoRef } from "../github/refs.ts";
import type { Db } from "../store/db.ts";
import { finishPass } from "./finish-pass.ts";
import type { ReviewJob } from "./pass-types.ts";
import { adoptableSince } from "./run-review-pass.ts";

const MAX_MESSAGE = 2_000;

/** The check-run output of a pass that gave up: what failed, how often, and how to retry. */
export function renderFailureOutput(job: ReviewJob, error: unknown, appSlug = "reviewloop") {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_MESSAGE);
  return {
    title: "Review failed",
    summary: [
      `reviewloop could not review \`${job.headSha.slice(0, 7)}\` after ${job.attempt} attempt${job.attempt === 1 ? "" : "s"}.`,
      "",
      "```text",
      neutralizeCommands(message.replaceAll("```", "'''"), appSlug),
      "```",
      "",
      "Press **Re-run** on this check, push a commit, or comment `review` to the app to try again. The job's full diagnostics are kept in the app's dead-letter queue.",
    ].join("\n"),
  };
}

/**
 * The last attempt of a RunReview job failed: nothing must fail silently. Completes this head's
 * `reviewloop` check run (or creates one) with conclusion `failure` and the error, and tells the
 * loop the pass failed so it does not wait for it. Best effort: GitHub or the store may be the
 * very thing that is down, so its own errors are logged, never thrown.
 */
export async function reportPassFailure(
  deps: { db: Db; checks: CheckRunPublisher; log: Logger },
  job: ReviewJob,
  error: unknown,
): Promise<void> {
  const repo = toRepoRef(job.repoFullName);
  const externalId = checkRunExternalId(job.repoId, job.prNumber, job.headSha);
  const output = renderFailureOutput(job, error);
  const completed = {
    status: "completed" as const,
    conclusion: "failure" as const,
    completed_at: new Date().toISOString(),
    output,
  };
  try {
    const existing = await deps.checks.findCheckRun(repo, {
      headSha: job.headSha,
      name: CHECK_RUN_NAME,
      externalId,
      since: adoptableSince(job),
    });
    // A pass that already explained its end on the check run (e.g. "Review could not be
    // posted") keeps that explanation.
    if (existing?.status === "completed") deps.log.info("Check run already completed");
    else if (existing) await deps.checks.updateCheckRun(repo, existing.id, completed);
    else {
      await deps.checks.createCheckRun(repo, {
        name: CHECK_RUN_NAME,
        head_sha: job.headSha,
        external_id: externalId,
        ...completed,
      });
    }
  } catch (reportError) {
    deps.log.error({ err: reportError }, "Could not report the failed review on its check run");
  }
  try {
    await finishPass(deps.db, job, "failed");
  } catch (reportError) {
    deps.log.error({ err: reportError }, "Could not record the failed review in the loop");
  }
}
