import type { CheckRunsReader } from "../github/check-runs-reader.ts";
import type { RepoRef } from "../github/refs.ts";
import { type ClassifiedChecks, classifyChecks } from "../remediation/classify-checks.ts";
import { listFixerRunIds } from "../store/checks-repository.ts";
import type { Queryable } from "../store/db.ts";

/**
 * The CI of a pull request's head as the loop counts it: `headSha`'s check runs and check suites
 * (one read of every page of each) classified by `classifyChecks`, without reviewloop's own check
 * run and without the jobs of the fixer's own workflow runs (this pull request's
 * `dispatches.run_id`). A GitHub Actions suite whose jobs have no check runs yet is pending: a
 * workflow that is still queued holds the round like a running check. `suites: false` reads only
 * the check runs (for the failing ones alone). A failed read throws (`GitHubApiError`): callers
 * decide whether to retry or go without.
 */
export async function readHeadChecks(
  reader: CheckRunsReader,
  q: Queryable,
  pr: RepoRef & { repoId: number; prNumber: number },
  headSha: string,
  options: { suites?: boolean } = {},
): Promise<ClassifiedChecks> {
  const repo = { owner: pr.owner, repo: pr.repo };
  const [runs, suites, fixerRunIds] = await Promise.all([
    reader.listCheckRuns(repo, headSha),
    options.suites === false ? [] : reader.listCheckSuites(repo, headSha),
    listFixerRunIds(q, pr.repoId, pr.prNumber),
  ]);
  return classifyChecks(runs, { fixerRunIds }, suites);
}
