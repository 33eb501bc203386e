import type { RepoConfig } from "../config/schema.ts";
import { decideChecksWait } from "../engines/checks/decide-checks-wait.ts";
import type { CheckRunInfo } from "../github/check-runs-reader.ts";
import type { PullRef } from "../github/refs.ts";
import { DeferJobError } from "../jobs/defer-job-error.ts";
import { runAfter } from "../loop/remediation-jobs.ts";
import type { PassDeps, ReviewJob } from "./pass-types.ts";
import { waitingOutput } from "./render-waiting-output.ts";

/** How often a waiting pass looks at the checks again (scaled like remediation delays). */
export const CHECKS_POLL_MS = 2 * 60_000;

/**
 * The checks engine's wait (step 6b of the pass, once our check run is in progress). With
 * `engines.checks.enabled` it reads the head's check runs (the engine then uses them). With
 * `wait: true`, while a selected check is missing or not completed and the deadline (the job's
 * `createdAt` + `timeout_minutes`, scaled like remediation delays) has not passed, it says so in
 * our check run's in-progress output and throws `DeferJobError`: the worker queues the same job
 * again at the next poll (2 minutes, or the deadline if sooner) without holding it or counting
 * the attempt; a completed check wakes it earlier (`wakeDeferredReviews`). Returns the runs read,
 * or undefined when the engine is off.
 */
export async function waitForChecks(
  deps: Pick<PassDeps, "github" | "log" | "signal">,
  input: { job: ReviewJob; ref: PullRef; config: RepoConfig; checkRunId: number; now?: Date },
): Promise<readonly CheckRunInfo[] | undefined> {
  const settings = input.config.engines.checks;
  if (!settings.enabled) return undefined;
  const { job, ref } = input;
  const runs = await deps.github.checkRuns.listCheckRuns(ref, job.headSha);
  if (job.createdAt === undefined) return runs;
  const now = input.now ?? new Date();
  const decision = decideChecksWait({
    runs,
    settings,
    deadline: runAfter(job.createdAt, settings.timeout_minutes * 60_000),
    now,
    pollMs: runAfter(now, CHECKS_POLL_MS).getTime() - now.getTime(),
  });
  if (!decision.wait) return runs;
  deps.signal?.throwIfAborted();
  await deps.github.checks.updateCheckRun(ref, input.checkRunId, {
    status: "in_progress",
    output: waitingOutput(decision.pending, decision.deadline),
  });
  deps.log.info(
    { pending: decision.pending, runAt: decision.runAt, deadline: decision.deadline },
    "Waiting for checks; the pass is queued again",
  );
  throw new DeferJobError(decision.runAt, `waiting for ${decision.pending.join(", ")}`);
}
