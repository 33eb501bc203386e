import { createHash } from "node:crypto";
import { pullRequestsWithHead, suiteOutcome } from "./check-suites.ts";
import { renderRepo, renderUser } from "./render.ts";
import { nodeId, type SimState } from "./state.ts";
import type { SimAnnotation, SimCheckRun, SimCheckSuite } from "./types.ts";

/** GitHub's JSON for check runs, check suites, annotations and the apps that own them. */

/** GitHub Actions' app id on github.com. */
const ACTIONS_APP_ID = 15368;

/** A stable id per app slug (the app's own id for its own slug). */
export function appIdOf(state: SimState, slug: string): number {
  if (slug === ownSlug(state)) return state.appId;
  if (slug === "github-actions") return ACTIONS_APP_ID;
  return (
    200_000 + (Number.parseInt(createHash("sha1").update(slug).digest("hex").slice(0, 6), 16) % 1e6)
  );
}

/** The app's own slug: its bot login without `[bot]`. */
export function ownSlug(state: SimState): string {
  return state.botLogin.replace(/\[bot\]$/, "");
}

/** An app (`integration`) as check runs and suites carry it. */
export function renderApp(state: SimState, slug: string) {
  const id = appIdOf(state, slug);
  return {
    id,
    slug,
    node_id: nodeId("A", id),
    owner: renderUser(slug === "github-actions" ? "github" : `${slug}-owner`),
    name: slug === "github-actions" ? "GitHub Actions" : slug,
    description: "",
    external_url: `https://github.com/apps/${slug}`,
    html_url: `https://github.com/apps/${slug}`,
    created_at: "2018-07-30T09:30:17Z",
    updated_at: "2024-04-10T20:33:16Z",
    permissions: { checks: "write", metadata: "read" },
    events: [],
  };
}

/**
 * `pull_requests` of a check run or suite: the open PRs whose head the sha is, minimal shape;
 * empty for a PR whose head is in a fork, as on GitHub.
 */
export function renderCheckPullRequests(
  state: SimState,
  repo: string,
  sha: string,
  apiUrl: string,
) {
  const stored = state.repos.get(repo);
  const repoRef = { id: stored?.id ?? 0, url: `${apiUrl}/repos/${repo}`, name: stored?.name ?? "" };
  return pullRequestsWithHead(state, repo, sha)
    .filter((pr) => !pr.fromFork)
    .map((pr) => ({
      url: `${apiUrl}/repos/${pr.repo}/pulls/${pr.number}`,
      id: pr.id,
      number: pr.number,
      head: { ref: pr.head.ref, sha: pr.head.sha, repo: repoRef },
      base: { ref: pr.base.ref, sha: pr.base.sha, repo: repoRef },
    }));
}

/** The page a check run links to: the job page for an Actions job, else its check run page. */
export function checkRunHtmlUrl(run: SimCheckRun, origin: string): string {
  return run.workflowRunId !== undefined
    ? `https://github.com/${run.repo}/actions/runs/${run.workflowRunId}/job/${run.id}`
    : `${origin}/${run.repo}/runs/${run.id}`;
}

export function renderCheckRun(state: SimState, run: SimCheckRun, origin: string) {
  const apiUrl = `${origin}/api/v3`;
  const url = `${apiUrl}/repos/${run.repo}/check-runs/${run.id}`;
  return {
    id: run.id,
    node_id: `CR_${run.id}`,
    name: run.name,
    head_sha: run.headSha,
    status: run.status,
    conclusion: run.conclusion,
    external_id: run.externalId,
    details_url: run.detailsUrl,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      ...run.output,
      annotations_count: run.annotations.length,
      annotations_url: `${url}/annotations`,
    },
    html_url: checkRunHtmlUrl(run, origin),
    url,
    check_suite: { id: run.checkSuiteId },
    app: renderApp(state, run.appSlug),
    pull_requests: renderCheckPullRequests(state, run.repo, run.headSha, apiUrl),
  };
}

export function renderCheckSuite(state: SimState, suite: SimCheckSuite, origin: string) {
  const apiUrl = `${origin}/api/v3`;
  const url = `${apiUrl}/repos/${suite.repo}/check-suites/${suite.id}`;
  const outcome = suiteOutcome(state, suite);
  const repo = state.repos.get(suite.repo);
  const pr = [...state.pullRequests.values()].find(
    (candidate) => candidate.repo === suite.repo && candidate.filesBySha.has(suite.headSha),
  );
  const commit = pr?.commitsBySha
    .get(suite.headSha)
    ?.find((candidate) => candidate.sha === suite.headSha);
  const runs = state.checkRuns.filter((run) => run.checkSuiteId === suite.id);
  const latest = new Set(runs.map((run) => run.name)).size;
  const push = pr?.pushes.find((candidate) => candidate.to === suite.headSha);
  return {
    id: suite.id,
    node_id: nodeId("CS", suite.id),
    head_branch: suite.headBranch,
    head_sha: suite.headSha,
    status: outcome.status,
    conclusion: outcome.conclusion,
    url,
    before: push?.from ?? pr?.base.sha ?? null,
    after: suite.headSha,
    pull_requests: renderCheckPullRequests(state, suite.repo, suite.headSha, apiUrl),
    app: renderApp(state, suite.appSlug),
    created_at: suite.createdAt,
    updated_at:
      runs
        .map((run) => run.completedAt ?? run.startedAt)
        .sort()
        .at(-1) ?? suite.createdAt,
    latest_check_runs_count: latest,
    check_runs_url: `${url}/check-runs`,
    head_commit: {
      id: suite.headSha,
      tree_id: suite.headSha,
      message: commit?.message ?? "Commit",
      timestamp: suite.createdAt,
      author: { name: commit?.author ?? "octocat", email: "octocat@example.com" },
      committer: { name: commit?.author ?? "octocat", email: "octocat@example.com" },
    },
    ...(repo ? { repository: renderRepo(repo, origin) } : {}),
  };
}

/** One annotation as `GET /check-runs/{id}/annotations` lists it. */
export function renderAnnotation(run: SimCheckRun, annotation: SimAnnotation) {
  return {
    path: annotation.path,
    blob_href: `https://github.com/${run.repo}/blob/${run.headSha}/${annotation.path}`,
    start_line: annotation.start_line,
    end_line: annotation.end_line,
    start_column: annotation.start_column ?? null,
    end_column: annotation.end_column ?? null,
    annotation_level: annotation.annotation_level,
    title: annotation.title ?? null,
    message: annotation.message,
    raw_details: annotation.raw_details ?? null,
  };
}
