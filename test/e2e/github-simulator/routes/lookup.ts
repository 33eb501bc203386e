import { notFound, type RouteContext, type RouteResult } from "../http/respond.ts";
import { findPullRequest, findRepo } from "../state.ts";
import type { SimPullRequest, SimRepo } from "../types.ts";

/** Runs `handle` with the addressed repository, or answers 404 as GitHub does. */
export function withRepo(
  context: RouteContext,
  handle: (repo: SimRepo) => RouteResult,
): RouteResult {
  const repo = findRepo(context.state, context.params.owner ?? "", context.params.repo ?? "");
  return repo ? handle(repo) : notFound();
}

/** Runs `handle` with the addressed pull request (`pull_number` or `issue_number`), or 404. */
export function withPullRequest(
  context: RouteContext,
  handle: (pr: SimPullRequest, repo: SimRepo) => RouteResult,
): RouteResult {
  return withRepo(context, (repo) => {
    const number = Number(context.params.pull_number ?? context.params.issue_number);
    const pr = findPullRequest(context.state, repo.owner, repo.name, number);
    return pr ? handle(pr, repo) : notFound();
  });
}
