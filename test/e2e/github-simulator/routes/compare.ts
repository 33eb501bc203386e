import { paginate } from "../http/paginate.ts";
import { json, notFound, type RouteContext, type RouteHandler } from "../http/respond.ts";
import type { PullFile, SimCommit, SimPullRequest, SimRepo } from "../types.ts";
import { withRepo } from "./lookup.ts";
import { renderCommit, renderFile } from "./render-files.ts";

interface Comparison {
  status: "ahead" | "behind" | "diverged" | "identical";
  aheadBy: number;
  behindBy: number;
  commits: SimCommit[];
  files: PullFile[];
}

/** A branch name (optionally `owner:branch`) or sha of this repo's pull requests, as a sha. */
function resolveRef(pulls: SimPullRequest[], ref: string): string {
  const name = ref.includes(":") ? ref.slice(ref.indexOf(":") + 1) : ref;
  for (const pr of pulls) {
    if (pr.head.ref === name) return pr.head.sha;
    if (pr.base.ref === name) return pr.base.sha;
  }
  return name;
}

/** base...head for a PR's base and one of its heads, or along its pushes (old head → new head). */
function compare(pulls: SimPullRequest[], base: string, head: string): Comparison | undefined {
  if (base === head)
    return { status: "identical", aheadBy: 0, behindBy: 0, commits: [], files: [] };
  for (const pr of pulls) {
    const files = pr.filesBySha.get(head);
    if (pr.base.sha === base && files) {
      const commits = pr.commitsBySha.get(head) ?? [];
      return { status: "ahead", aheadBy: commits.length, behindBy: 0, commits, files };
    }
    let at = base;
    const chain = [];
    for (
      let push = pr.pushes.find((p) => p.from === at);
      push;
      push = pr.pushes.find((p) => p.from === at)
    ) {
      chain.push(push);
      at = push.to;
      if (at === head) break;
    }
    if (at !== head || chain.length === 0) continue;
    const byName = new Map<string, PullFile>();
    for (const push of chain) for (const file of push.files) byName.set(file.filename, file);
    const commits = chain.flatMap((push) => push.commits);
    const forced = chain.some((push) => push.forcePush);
    return {
      status: forced ? "diverged" : "ahead",
      aheadBy: commits.length,
      behindBy: forced ? 1 : 0,
      commits,
      files: [...byName.values()],
    };
  }
  return undefined;
}

function render(
  context: RouteContext,
  repo: SimRepo,
  base: string,
  head: string,
  result: Comparison,
) {
  const name = `${repo.owner}/${repo.name}`;
  const commits = result.commits.map((commit, index) =>
    renderCommit(commit, result.commits[index - 1]?.sha ?? base, name),
  );
  const paged = context.query.has("page") || context.query.has("per_page");
  const body = (page: unknown[]) => ({
    url: `${context.apiUrl}/repos/${name}/compare/${base}...${head}`,
    html_url: `https://github.com/${name}/compare/${base}...${head}`,
    status: result.status,
    ahead_by: result.aheadBy,
    behind_by: result.behindBy,
    total_commits: result.commits.length,
    base_commit: { sha: base },
    merge_base_commit: { sha: result.behindBy > 0 ? "0".repeat(40) : base },
    commits: page,
    // GitHub lists at most 300 files in a comparison.
    files: result.files.slice(0, 300).map((file) => renderFile(file, name, head, context.apiUrl)),
  });
  return paged
    ? paginate(context, commits, { wrap: body })
    : json(200, body(commits.slice(0, 250)));
}

/** `GET /repos/{o}/{r}/compare/{base}...{head}` over the seeded pull requests and pushes. */
const compareHandler: RouteHandler = (context) =>
  withRepo(context, (repo) => {
    const { basehead, base: baseParam, head: headParam } = context.params;
    const match = basehead ? /^(.+?)\.\.\.(.+)$/.exec(basehead) : [undefined, baseParam, headParam];
    if (!match?.[1] || !match[2]) return notFound();
    const pulls = [...context.state.pullRequests.values()].filter(
      (pr) => pr.repo === `${repo.owner}/${repo.name}`.toLowerCase(),
    );
    const base = resolveRef(pulls, match[1] ?? "");
    const head = resolveRef(pulls, match[2] ?? "");
    const result = compare(pulls, base, head);
    return result ? render(context, repo, base, head, result) : notFound();
  });

export const compareRoutes: Record<string, RouteHandler> = {
  "repos/compare-commits-with-basehead": compareHandler,
  // The deprecated form, still served by GitHub.
  "repos/compare-commits": compareHandler,
};
