import { z } from "zod";
import type { JobHandler } from "../jobs/job-types.ts";
import { PermanentJobError } from "../jobs/permanent-job-error.ts";
import { pullRequestRefShape } from "../jobs-handlers/pull-request-ref-schema.ts";
import { jobEventDeliveryId } from "../observe-checks-job/create-observe-checks-handler.ts";
import { applyEvent } from "../spine/apply-event.ts";
import type { Db } from "../store/db.ts";
import { readLoop } from "../store/loop-repository.ts";

const waitSchema = z.object({ ...pullRequestRefShape, headSha: z.string().min(1) });

/**
 * The `ChecksWaitTimer` job: the bound on waiting for a head's checks
 * (`engines.checks.timeout_minutes`), a job with `run_at` so it survives restarts. When it fires
 * and `headSha` is still the loop's head (loop not closed), the loop is told
 * (`ChecksWaitExpired`) once, under the job's lease: pending checks no longer hold its round.
 * A timer of a head the loop moved past does nothing.
 */
export function createChecksWaitHandler(deps: { db: Db }): JobHandler {
  return async (job, ctx) => {
    const parsed = waitSchema.safeParse(job.payload);
    if (!parsed.success) throw new PermanentJobError("malformed ChecksWaitTimer payload");
    const wait = parsed.data;
    const loop = await readLoop(deps.db, wait.repoId, wait.prNumber);
    if (loop === null || loop.headSha !== wait.headSha || loop.state.status === "closed") return;
    const outcome = await applyEvent(
      deps.db,
      {
        deliveryId: jobEventDeliveryId("checks-wait", job),
        eventName: "checks_wait_timer",
        installationId: wait.installationId,
        repoId: wait.repoId,
        repoFullName: wait.repoFullName,
        prNumber: wait.prNumber,
        event: { type: "ChecksWaitExpired", headSha: wait.headSha },
      },
      { guard: ctx.assertLease },
    );
    ctx.log.info(
      {
        repo: wait.repoFullName,
        pr: wait.prNumber,
        sha: wait.headSha,
        status: outcome.applied ? outcome.state.status : undefined,
      },
      "The wait for the head's checks timed out",
    );
  };
}
