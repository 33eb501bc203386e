import { z } from "zod";
import { octokitRunReader } from "../github/octokit-run-reader.ts";
import { toRepoRef } from "../github/refs.ts";
import type { JobHandler } from "../jobs/job-types.ts";
import { PermanentJobError } from "../jobs/permanent-job-error.ts";
import { attemptIdsShape, pullRequestRefShape } from "../jobs-handlers/pull-request-ref-schema.ts";
import { type RemediationDeps, remediationGitHub } from "../jobs-handlers/remediation-github.ts";
import { describeDiagnostics } from "../remediation/render-diagnostics.ts";
import type { AttemptDiagnostics } from "../remediation/run-diagnostics.ts";
import { applyEvent } from "../spine/apply-event.ts";
import type { Db } from "../store/db.ts";
import { recordAttemptOutcome } from "../store/dispatch-repository.ts";

const collectSchema = z.object({
  ...pullRequestRefShape,
  ...attemptIdsShape,
  runId: z.number().int(),
  conclusion: z.string(),
});

/**
 * The `CollectDiagnostics` job: a fixer run failed. Its jobs, failed steps and log tails
 * (scrubbed of secrets) are kept on the attempt's row, then the loop counts the failure — a
 * retry whose payload carries them (`previous_attempts`), or the hand-off that shows them. A run
 * that cannot be read is still a failed attempt; what could not be read is said.
 */
export function createCollectDiagnosticsHandler(deps: RemediationDeps & { db: Db }): JobHandler {
  return async (job, ctx) => {
    const parsed = collectSchema.safeParse(job.payload);
    if (!parsed.success) throw new PermanentJobError("malformed CollectDiagnostics payload");
    const run = parsed.data;
    const log = ctx.log.child({ repo: run.repoFullName, pr: run.prNumber, runId: run.runId });
    const gh = await remediationGitHub(deps, run.installationId, ctx.signal);
    const reader = octokitRunReader(gh.octokit, { secrets: deps.secrets ?? [] });
    let diagnostics: AttemptDiagnostics;
    try {
      diagnostics = await reader.readFailedRun({
        ...toRepoRef(run.repoFullName),
        runId: run.runId,
        signal: ctx.signal,
      });
    } catch (error) {
      // The last try keeps what is known rather than dying silent.
      if (job.attempts < job.maxAttempts) throw error;
      diagnostics = {
        conclusion: run.conclusion,
        failedJobs: [],
        readError: `the run could not be read: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    await applyEvent(
      deps.db,
      {
        deliveryId: `diagnostics:${run.publicId}:${run.runId}`,
        eventName: "dispatch_failed",
        installationId: run.installationId,
        repoId: run.repoId,
        repoFullName: run.repoFullName,
        prNumber: run.prNumber,
        event: {
          type: "DispatchAttemptFailed",
          dispatchId: run.dispatchId,
          summary: describeDiagnostics(diagnostics),
        },
      },
      {
        guard: async (tx) => {
          await ctx.assertLease(tx);
          await recordAttemptOutcome(tx, run.publicId, {
            status: "failed",
            runId: run.runId,
            conclusion: diagnostics.conclusion,
            diagnostics,
          });
        },
      },
    );
    log.info({ conclusion: diagnostics.conclusion }, "Kept the failed fixer run's diagnostics");
  };
}
