import type { DispatchPayloadJob } from "../loop/remediation-jobs.ts";
import type { DispatchAnswered } from "../loop/types.ts";
import type { AttemptDiagnostics } from "../remediation/run-diagnostics.ts";
import { applyEvent } from "../spine/apply-event.ts";
import type { Db, Queryable } from "../store/db.ts";
import { recordAttemptOutcome } from "../store/dispatch-repository.ts";

/** What the Dispatch job tells the loop, and what it keeps on the attempt's row. */
export interface DispatchAnswer {
  event: Omit<DispatchAnswered, "type" | "dispatchId">;
  record?: {
    status: "accepted" | "refused" | "unavailable";
    runId?: number;
    runUrl?: string;
    conclusion?: string;
    diagnostics?: AttemptDiagnostics;
  };
}

/**
 * Records the answer on the attempt's row and feeds it to the loop in one transaction, under the
 * job's lease: a job that lost its lease records nothing (its successor does). Keyed by the
 * attempt and the Dispatch effect's seq, so a retried job that answers again changes nothing.
 */
export function answerDispatch(
  db: Db,
  job: DispatchPayloadJob,
  answer: DispatchAnswer,
  assertLease: (q: Queryable) => Promise<void>,
): Promise<unknown> {
  return applyEvent(
    db,
    {
      deliveryId: `dispatch:${job.publicId}/${job.seq}`,
      eventName: "dispatch_answered",
      installationId: job.installationId,
      repoId: job.repoId,
      repoFullName: job.repoFullName,
      prNumber: job.prNumber,
      event: { type: "DispatchAnswered", dispatchId: job.dispatchId, ...answer.event },
    },
    {
      guard: async (tx) => {
        await assertLease(tx);
        if (answer.record !== undefined) {
          await recordAttemptOutcome(tx, job.publicId, answer.record);
        }
      },
    },
  );
}
