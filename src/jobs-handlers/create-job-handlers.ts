import { createChecksWaitHandler } from "../checks-wait-job/create-checks-wait-handler.ts";
import { createRunCommandsHandler } from "../command-job/create-run-commands-handler.ts";
import { createCommandFailureReporter } from "../command-job/report-command-failure.ts";
import {
  createDispatchFailureReporter,
  createDispatchHandler,
} from "../dispatch-job/create-dispatch-handler.ts";
import { createDispatchTimerHandler } from "../dispatch-timer-job/create-dispatch-timer-handler.ts";
import { createPermissionCache } from "../github/permission-reader.ts";
import { createHandOffHandler } from "../hand-off-job/create-hand-off-handler.ts";
import type { JobFailureReporter, JobHandler } from "../jobs/job-types.ts";
import { createLabelHandler } from "../label-job/create-label-handler.ts";
import { createObserveChecksHandler } from "../observe-checks-job/create-observe-checks-handler.ts";
import { createCollectDiagnosticsHandler } from "../run-diagnostics-job/create-collect-diagnostics-handler.ts";
import type { RemediationDeps } from "./remediation-github.ts";
import { createReviewFailureReporter } from "./report-review-failure.ts";
import { createRunReviewHandler, type RunReviewDeps } from "./run-review.ts";

/** What the job handlers need from the process. */
export type JobHandlerDeps = RunReviewDeps &
  Omit<RemediationDeps, "github" | "dryRun" | "githubTimeoutMs"> & {
    /** Where pull requests are shown in payloads (`https://github.com` or the GHES host). */
    htmlBaseUrl?: string;
  };

/** One handler per job kind the loop's effects produce (see `loop/effect-jobs.ts`). */
export function createJobHandlers(deps: JobHandlerDeps): Record<string, JobHandler> {
  return {
    RunReview: createRunReviewHandler(deps),
    // Comment commands (`/reviewloop …`), enqueued by the issue_comment handlers.
    RunCommands: createRunCommandsHandler(deps),
    // Remediation rounds (src/loop/rounds.ts decides; these carry the effects out).
    Dispatch: createDispatchHandler(deps),
    DispatchTimer: createDispatchTimerHandler(deps),
    CollectDiagnostics: createCollectDiagnosticsHandler(deps),
    HandOff: createHandOffHandler(deps),
    Label: createLabelHandler(deps),
    // CI failures as rounds: a completed check of the head, and the bound on waiting for them.
    ObserveChecks: createObserveChecksHandler(deps),
    ChecksWaitTimer: createChecksWaitHandler(deps),
  };
}

/**
 * One failure reporter per job kind: what the `ReportFailure` job (src/failure-report-job/) calls
 * when a job of that kind dies on its last attempt, by error or by lease expiry. A kind without
 * one dies with a log line only.
 */
export function createFailureReporters(deps: JobHandlerDeps): Record<string, JobFailureReporter> {
  return {
    // The dead pass's check run is completed `failure` (what failed, how to retry).
    RunReview: createReviewFailureReporter(deps),
    // The comment gets its one reply saying which commands ran and that the job failed.
    RunCommands: createCommandFailureReporter({
      ...deps,
      permissionCache: createPermissionCache(),
    }),
    // A dispatch that could not be sent is a failed attempt: the loop retries or hands off.
    Dispatch: createDispatchFailureReporter(deps),
  };
}
