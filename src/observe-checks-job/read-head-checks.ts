import type { CheckRunsReader } from "../github/check-runs-reader.ts";
import type { RepoRef } from "../github/refs.ts";
import { type ClassifiedChecks, classifyChecks } from "../remediation/classify-checks.ts";
import { listFixerRunIds } from "../store/checks-repository.ts";
import type { Queryable } from "../store/db.ts";

/**
 * The CI of a pull request's head as the loop counts it: `headSha`'s check runs (one read of
 * every page) classified by `classifyChecks`, without reviewloop's own check run and without the
 * jobs of the fixer's own workflow runs (this pull request's `dispatches.run_id`). A failed read
 * throws (`GitHubApiError`): callers decide whether to retry or go without.
 */
export async function readHeadChecks(
  reader: CheckRunsReader,
  q: Queryable,
  pr: RepoRef & { repoId: number; prNumber: number },
  headSha: string,
): Promise<ClassifiedChecks> {
  const [runs, fixerRunIds] = await Promise.all([
    reader.listCheckRuns({ owner: pr.owner, repo: pr.repo }, headSha),
    listFixerRunIds(q, pr.repoId, pr.prNumber),
  ]);
  return classifyChecks(runs, { fixerRunIds });
}
