import { z } from "zod";
import { toRepoRef } from "../github/refs.ts";
import { ensureNeedsHumanLabel } from "../hand-off-job/needs-human-label.ts";
import type { JobHandler } from "../jobs/job-types.ts";
import { PermanentJobError } from "../jobs/permanent-job-error.ts";
import { pullRequestRefShape } from "../jobs-handlers/pull-request-ref-schema.ts";
import { type RemediationDeps, remediationGitHub } from "../jobs-handlers/remediation-github.ts";
import { NEEDS_HUMAN_LABEL } from "../remediation/render-hand-off.ts";

const labelSchema = z.object({
  ...pullRequestRefShape,
  action: z.enum(["add", "remove"]),
});

/**
 * The `Label` job: adds or removes `reviewloop:needs-human` (a pass that finds nothing blocking
 * after a hand-off removes it). Both are idempotent on GitHub, so a retry needs no lookup.
 */
export function createLabelHandler(deps: RemediationDeps): JobHandler {
  return async (job, ctx) => {
    const parsed = labelSchema.safeParse(job.payload);
    if (!parsed.success) throw new PermanentJobError("malformed Label payload");
    const { action, ...pr } = parsed.data;
    const log = ctx.log.child({ repo: pr.repoFullName, pr: pr.prNumber, label: action });
    if (deps.dryRun) {
      log.info(`Would ${action} the label ${NEEDS_HUMAN_LABEL} (dry run)`);
      return;
    }
    const gh = await remediationGitHub(deps, pr.installationId, ctx.signal);
    const repo = toRepoRef(pr.repoFullName);
    if (action === "remove") {
      await gh.labels.removeLabel(repo, pr.prNumber, NEEDS_HUMAN_LABEL);
    } else {
      await ensureNeedsHumanLabel(gh.labels, repo);
      await gh.labels.addLabel(repo, pr.prNumber, NEEDS_HUMAN_LABEL);
    }
    log.info(`Label ${NEEDS_HUMAN_LABEL}: ${action}`);
  };
}
