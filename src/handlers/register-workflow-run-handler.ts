import type { Probot } from "probot";
import { parsePublicDispatchId } from "../loop/remediation-jobs.ts";
import { applyEvent } from "../spine/apply-event.ts";
import type { Db, Queryable } from "../store/db.ts";
import {
  type DispatchAttempt,
  readAttempt,
  readAttemptByRun,
  recordAttemptOutcome,
} from "../store/dispatch-repository.ts";
import { parseWorkflowRunEvent } from "./parse-workflow-run-event.ts";

/**
 * The attempt a run belongs to: by run id first (a later attempt that adopted an earlier
 * attempt's run, whose name carries the earlier dispatch id, is the one the loop follows), else
 * by the dispatch id in its name. Null for every other run, or one of another repository.
 */
export async function attemptOfRun(
  db: Queryable,
  facts: { repoId: number; runId: number; named: { publicId: string } | null },
): Promise<DispatchAttempt | null> {
  const attempt =
    (await readAttemptByRun(db, facts.repoId, facts.runId)) ??
    (facts.named !== null ? await readAttempt(db, facts.named.publicId) : null);
  return attempt === null || attempt.repoId !== facts.repoId ? null : attempt;
}

/**
 * The fixer's runs: a `workflow_run` event is matched to a dispatch attempt by the run id the
 * dispatch returned or by the dispatch id in the run's name (the example workflow's `run-name`), and
 * fed to that pull request's loop. Every other run (CI, other workflows) is ignored after one
 * indexed lookup.
 */
export function registerWorkflowRunHandler(
  app: Probot,
  deps: { db: Db; onEnqueued(): void },
): void {
  app.on("workflow_run", async (context) => {
    const facts = parseWorkflowRunEvent(context.payload);
    if (facts === null) return;
    const { db } = deps;
    const attempt = await attemptOfRun(db, facts);
    if (attempt === null) return;
    const dispatchId = parsePublicDispatchId(attempt.dispatchId)?.dispatchId;
    if (dispatchId === undefined) return;
    const outcome = await applyEvent(
      db,
      {
        deliveryId: context.id,
        eventName: "workflow_run",
        installationId: facts.installationId,
        repoId: facts.repoId,
        repoFullName: facts.repoFullName,
        prNumber: attempt.prNumber,
        event: {
          type: "FixerRunUpdated",
          dispatchId,
          runId: facts.runId,
          runUrl: facts.runUrl,
          status: facts.status,
          ...(facts.status === "completed" ? { conclusion: facts.conclusion } : {}),
        },
      },
      {
        guard: async (tx) => {
          // Kept on the attempt: its run, and whether it is running or succeeded (a failure is
          // recorded with its diagnostics by the CollectDiagnostics job).
          if (facts.status !== "completed") {
            if (attempt.status === "accepted" || attempt.status === "sending") {
              await recordAttemptOutcome(tx, attempt.dispatchId, {
                status: "running",
                runId: facts.runId,
                runUrl: facts.runUrl,
              });
            }
          } else if (facts.conclusion === "success") {
            await recordAttemptOutcome(tx, attempt.dispatchId, {
              status: "succeeded",
              runId: facts.runId,
              runUrl: facts.runUrl,
              conclusion: "success",
            });
          }
        },
      },
    );
    if (!outcome.applied) return;
    context.log.info(
      { repo: facts.repoFullName, pr: attempt.prNumber, runId: facts.runId, status: facts.status },
      "Fixer run matched to its dispatch",
    );
    if (outcome.enqueued > 0) deps.onEnqueued();
  });
}
