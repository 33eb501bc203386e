import type { RepoConfig } from "../config/schema.ts";
import type { PullRef } from "../github/refs.ts";
import type { ChecksSeen } from "../loop/types.ts";
import { readHeadChecks } from "../observe-checks-job/read-head-checks.ts";
import type { PassDeps, ReviewJob } from "./pass-types.ts";

/**
 * The head's CI as a posted pass ends, for the loop (`ReviewFinished.checks`): read only when the
 * repository has `remediation.enabled` and `remediation.on_ci_failure` (the only case where the
 * loop acts on it). A failed read is logged and left out: the loop then knows no CI for the head
 * until a check completes (the ObserveChecks job reads again).
 */
export async function readPassChecks(
  deps: Pick<PassDeps, "db" | "github" | "log">,
  job: ReviewJob,
  ref: PullRef,
  config: RepoConfig,
): Promise<ChecksSeen | undefined> {
  if (!config.remediation.enabled || !config.remediation.on_ci_failure) return undefined;
  try {
    const { pending, failing } = await readHeadChecks(
      deps.github.checkRuns,
      deps.db,
      { owner: ref.owner, repo: ref.repo, repoId: job.repoId, prNumber: job.prNumber },
      job.headSha,
    );
    return { pending, failing };
  } catch (error) {
    deps.log.warn({ err: error, sha: job.headSha }, "Could not read the head's check runs");
    return undefined;
  }
}
