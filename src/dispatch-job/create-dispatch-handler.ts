import type { JobFailureReporter, JobHandler } from "../jobs/job-types.ts";
import { PermanentJobError } from "../jobs/permanent-job-error.ts";
import { applyEvent } from "../spine/apply-event.ts";
import {
  noteUnknownOutcome,
  readAttempt,
  recordAttemptOutcome,
} from "../store/dispatch-repository.ts";
import { parseDispatchJob } from "./parse-dispatch-job.ts";
import { type DispatchJobDeps, runDispatch } from "./run-dispatch.ts";

/** The `Dispatch` job (see `runDispatch`). */
export function createDispatchHandler(deps: DispatchJobDeps): JobHandler {
  return async (job, ctx) => {
    const payload = parseDispatchJob(job.payload);
    if (payload === null) throw new PermanentJobError("malformed Dispatch payload");
    const log = ctx.log.child({
      repo: payload.repoFullName,
      pr: payload.prNumber,
      dispatchId: payload.publicId,
    });
    const outcome = await runDispatch(deps, payload, ctx, log);
    log.info({ outcome }, "Dispatch job finished");
  };
}

/**
 * A Dispatch job that died (every try failed, or its lease expired on the last one) is never
 * silent. When nothing had left (the row is `intended` or `held`), the attempt failed: the row
 * keeps why, and the loop counts the failure (the next attempt after a backoff, or the hand-off).
 * When the row is `sending`, the request may have reached GitHub and started a paid run: the loop
 * follows the attempt as if accepted (its run is matched by the dispatch id, its timer fails it),
 * and the next attempt looks for this one's run before sending.
 */
export function createDispatchFailureReporter(deps: DispatchJobDeps): JobFailureReporter {
  return async ({ job, diagnostics }, ctx) => {
    const payload = parseDispatchJob(job.payload);
    if (payload === null) return;
    const attempt = await readAttempt(deps.db, payload.publicId);
    if (attempt === null || !["intended", "held", "sending"].includes(attempt.status)) return;
    const message = diagnostics?.message ?? "the dispatch job died";
    const unknown = attempt.status === "sending";
    await applyEvent(
      deps.db,
      {
        deliveryId: `dispatch-died:${payload.publicId}/${payload.seq}`,
        eventName: "dispatch_failed",
        installationId: payload.installationId,
        repoId: payload.repoId,
        repoFullName: payload.repoFullName,
        prNumber: payload.prNumber,
        event: unknown
          ? {
              type: "DispatchAnswered",
              dispatchId: payload.dispatchId,
              result: "unknown",
              detail: `the dispatch job died after sending: ${message}`,
            }
          : {
              type: "DispatchAttemptFailed",
              dispatchId: payload.dispatchId,
              summary: `the dispatch could not be sent (${message})`,
            },
      },
      {
        guard: async (tx) => {
          await ctx.assertLease(tx);
          if (unknown) {
            await noteUnknownOutcome(
              tx,
              payload.publicId,
              `outcome unknown: the dispatch job died after sending (${message})`,
            );
            return;
          }
          await recordAttemptOutcome(tx, payload.publicId, {
            status: "failed",
            conclusion: "dispatch_error",
            diagnostics: { conclusion: "dispatch_error", failedJobs: [], message },
          });
        },
      },
    );
  };
}
