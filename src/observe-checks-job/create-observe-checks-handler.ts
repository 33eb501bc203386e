import { z } from "zod";
import { toRepoRef } from "../github/refs.ts";
import type { JobHandler, LeasedJob } from "../jobs/job-types.ts";
import { PermanentJobError } from "../jobs/permanent-job-error.ts";
import { pullRequestRefShape } from "../jobs-handlers/pull-request-ref-schema.ts";
import { type RemediationDeps, remediationGitHub } from "../jobs-handlers/remediation-github.ts";
import { actsOnCi } from "../remediation/acts-on-ci.ts";
import { applyEvent } from "../spine/apply-event.ts";
import type { Db } from "../store/db.ts";
import { readLoop } from "../store/loop-repository.ts";
import { readHeadChecks } from "./read-head-checks.ts";

const observeSchema = z.object({
  ...pullRequestRefShape,
  headSha: z.string().min(1),
  deliveryId: z.string().min(1),
});

/**
 * The delivery id of a job's loop event: its job id (a retry applies the event once), and its
 * generation once a dead job was re-queued by hand (a new run, heard again).
 */
export function jobEventDeliveryId(prefix: string, job: Pick<LeasedJob, "id" | "generation">) {
  return job.generation === 0 ? `${prefix}:${job.id}` : `${prefix}:${job.id}/${job.generation}`;
}

/**
 * The `ObserveChecks` job: a check of `headSha` completed. When `headSha` is still the loop's
 * head, the loop is not closed and acts on CI (`actsOnCi`), the head's check runs are read (one listing) and classified —
 * pending and failing names, without reviewloop's own check run and the fixer's own runs — and
 * the loop is told (`ChecksObserved`), once per job under its lease. A stale head reads nothing.
 * A failed read throws: the job retries (reads are safe to repeat).
 */
export function createObserveChecksHandler(deps: RemediationDeps & { db: Db }): JobHandler {
  return async (job, ctx) => {
    const parsed = observeSchema.safeParse(job.payload);
    if (!parsed.success) throw new PermanentJobError("malformed ObserveChecks payload");
    const observe = parsed.data;
    const log = ctx.log.child({ repo: observe.repoFullName, pr: observe.prNumber });
    const loop = await readLoop(deps.db, observe.repoId, observe.prNumber);
    if (loop === null || loop.headSha !== observe.headSha || loop.state.status === "closed") {
      log.debug({ sha: observe.headSha }, "Checks of a head the loop is not on: not read");
      return;
    }
    if (!actsOnCi(loop.state.settings)) {
      log.debug({ sha: observe.headSha }, "The loop does not act on CI: checks not read");
      return;
    }
    const gh = await remediationGitHub(deps, observe.installationId, ctx.signal);
    const checks = await readHeadChecks(
      gh.ports.checkRuns,
      deps.db,
      { ...toRepoRef(observe.repoFullName), repoId: observe.repoId, prNumber: observe.prNumber },
      observe.headSha,
    );
    const outcome = await applyEvent(
      deps.db,
      {
        deliveryId: jobEventDeliveryId("observe-checks", job),
        eventName: "checks_observed",
        installationId: observe.installationId,
        repoId: observe.repoId,
        repoFullName: observe.repoFullName,
        prNumber: observe.prNumber,
        event: {
          type: "ChecksObserved",
          headSha: observe.headSha,
          pending: checks.pending,
          failing: checks.failing,
        },
      },
      { guard: ctx.assertLease },
    );
    log.info(
      {
        sha: observe.headSha,
        pending: checks.pending.length,
        failing: checks.failing,
        applied: outcome.applied,
        status: outcome.applied ? outcome.state.status : undefined,
      },
      "Observed the head's checks",
    );
  };
}
