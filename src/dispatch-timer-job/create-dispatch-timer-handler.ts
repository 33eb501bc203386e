import { z } from "zod";
import type { JobHandler } from "../jobs/job-types.ts";
import { PermanentJobError } from "../jobs/permanent-job-error.ts";
import { attemptIdsShape, pullRequestRefShape } from "../jobs-handlers/pull-request-ref-schema.ts";
import { applyEvent } from "../spine/apply-event.ts";
import type { Db } from "../store/db.ts";
import { readAttempt, recordAttemptOutcome } from "../store/dispatch-repository.ts";
import { readLoop } from "../store/loop-repository.ts";

const timerSchema = z.object({
  ...pullRequestRefShape,
  ...attemptIdsShape,
  timer: z.enum(["no_result", "no_push"]),
});

/**
 * The `DispatchTimer` job: a timer that survives restarts (a job with `run_at`). When it fires
 * and the loop still waits on that attempt, it tells the loop (`DispatchTimedOut`); a `no_result`
 * timeout is kept on the attempt's row as its diagnostics. A timer of an attempt the loop moved
 * past does nothing.
 */
export function createDispatchTimerHandler(deps: { db: Db }): JobHandler {
  return async (job, ctx) => {
    const parsed = timerSchema.safeParse(job.payload);
    if (!parsed.success) throw new PermanentJobError("malformed DispatchTimer payload");
    const timer = parsed.data;
    const loop = await readLoop(deps.db, timer.repoId, timer.prNumber);
    const fix = loop?.state.fix ?? null;
    if (fix === null || fix.dispatchId !== timer.dispatchId) return;
    const minutes = loop?.state.settings?.dispatchTimeoutMinutes ?? 0;
    const waiting =
      timer.timer === "no_result" && (fix.phase === "accepted" || fix.phase === "running");
    const attempt = waiting ? await readAttempt(deps.db, timer.publicId) : null;
    await applyEvent(
      deps.db,
      {
        deliveryId: `timer:${timer.publicId}:${timer.timer}`,
        eventName: "dispatch_timer",
        installationId: timer.installationId,
        repoId: timer.repoId,
        repoFullName: timer.repoFullName,
        prNumber: timer.prNumber,
        event: { type: "DispatchTimedOut", dispatchId: timer.dispatchId, timer: timer.timer },
      },
      {
        guard: async (tx) => {
          await ctx.assertLease(tx);
          if (!waiting) return;
          const conclusion = fix.phase === "accepted" ? "no_run" : "timed_out";
          await recordAttemptOutcome(tx, timer.publicId, {
            status: "failed",
            conclusion,
            diagnostics: {
              conclusion,
              ...(attempt?.runUrl ? { runUrl: attempt.runUrl } : {}),
              failedJobs: [],
              message:
                fix.phase === "accepted"
                  ? `no run started and nothing was pushed within ${minutes} minutes`
                  : `the run neither finished nor pushed within ${minutes} minutes`,
            },
          });
        },
      },
    );
  };
}
