import { createHash } from "node:crypto";
import { renderRepo, renderUser } from "./render.ts";
import { nodeId, type SimState } from "./state.ts";
import type { SimJob, SimWorkflowRun } from "./types.ts";

/** GitHub's JSON for workflow runs and jobs, with every field its OpenAPI schema requires. */

/** A workflow's numeric id: stable per file name, so `workflows/{id}/runs` can name it either way. */
export function workflowNumber(workflowId: string): number {
  if (/^\d+$/.test(workflowId)) return Number(workflowId);
  return (
    100_000 +
    (Number.parseInt(createHash("sha1").update(workflowId).digest("hex").slice(0, 6), 16) % 900_000)
  );
}

/** `.github/workflows/<file>` (a run dispatched by numeric id names the id). */
export function workflowPath(run: SimWorkflowRun): string {
  return `.github/workflows/${run.workflowId}`;
}

export function runHtmlUrl(run: SimWorkflowRun): string {
  return `https://github.com/${run.repo}/actions/runs/${run.id}`;
}

/** The open PRs whose head branch the run ran on (what `pull_requests` of a run lists). */
export function runPullRequests(state: SimState, run: SimWorkflowRun, apiUrl: string) {
  return [...state.pullRequests.values()]
    .filter((pr) => pr.repo === run.repo && pr.head.ref === run.headBranch && !pr.fromFork)
    .map((pr) => {
      const repo = state.repos.get(pr.repo);
      const repoRef = {
        id: repo?.id ?? 0,
        name: repo?.name ?? "",
        url: `${apiUrl}/repos/${pr.repo}`,
      };
      return {
        id: pr.id,
        number: pr.number,
        url: `${apiUrl}/repos/${pr.repo}/pulls/${pr.number}`,
        head: { ref: pr.head.ref, sha: pr.head.sha, repo: repoRef },
        base: { ref: pr.base.ref, sha: pr.base.sha, repo: repoRef },
      };
    });
}

export function renderRun(
  state: SimState,
  run: SimWorkflowRun,
  origin: string,
  options: { excludePullRequests?: boolean } = {},
) {
  const repo = state.repos.get(run.repo);
  if (!repo) throw new Error(`run ${run.id} of an unknown repository ${run.repo}`);
  const apiUrl = `${origin}/api/v3`;
  const runUrl = `${apiUrl}/repos/${run.repo}/actions/runs/${run.id}`;
  const workflowId = workflowNumber(run.workflowId);
  const rendered = renderRepo(repo, origin);
  const head = [...state.pullRequests.values()]
    .flatMap((pr) => pr.commits)
    .find((commit) => commit.sha === run.headSha);
  return {
    id: run.id,
    name: run.name,
    node_id: nodeId("WFR", run.id),
    check_suite_id: run.id + 1,
    check_suite_node_id: nodeId("CS", run.id + 1),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: workflowPath(run),
    display_title: run.displayTitle,
    run_number: run.runNumber,
    run_attempt: run.runAttempt,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: workflowId,
    url: runUrl,
    html_url: runHtmlUrl(run),
    pull_requests: options.excludePullRequests ? [] : runPullRequests(state, run, apiUrl),
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    run_started_at: run.createdAt,
    actor: renderUser(run.actor),
    triggering_actor: renderUser(run.actor),
    jobs_url: `${runUrl}/jobs`,
    logs_url: `${runUrl}/logs`,
    check_suite_url: `${apiUrl}/repos/${run.repo}/check-suites/${run.id + 1}`,
    artifacts_url: `${runUrl}/artifacts`,
    cancel_url: `${runUrl}/cancel`,
    rerun_url: `${runUrl}/rerun`,
    previous_attempt_url: null,
    workflow_url: `${apiUrl}/repos/${run.repo}/actions/workflows/${workflowId}`,
    head_commit: {
      id: run.headSha,
      tree_id: run.headSha,
      message: head?.message ?? "Commit",
      timestamp: run.createdAt,
      author: { name: head?.author ?? "octocat", email: "octocat@example.com" },
      committer: { name: head?.author ?? "octocat", email: "octocat@example.com" },
    },
    repository: rendered,
    head_repository: rendered,
  };
}

export function renderJob(run: SimWorkflowRun, job: SimJob, origin: string) {
  const apiUrl = `${origin}/api/v3`;
  return {
    id: job.id,
    run_id: run.id,
    run_url: `${apiUrl}/repos/${run.repo}/actions/runs/${run.id}`,
    run_attempt: run.runAttempt,
    node_id: nodeId("CR", job.id),
    head_sha: run.headSha,
    head_branch: run.headBranch,
    workflow_name: run.name,
    name: job.name,
    url: `${apiUrl}/repos/${run.repo}/actions/jobs/${job.id}`,
    html_url: `${runHtmlUrl(run)}/job/${job.id}`,
    status: job.status,
    conclusion: job.conclusion,
    created_at: job.startedAt,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    check_run_url: `${apiUrl}/repos/${run.repo}/check-runs/${job.id}`,
    steps: job.steps.map((step) => ({
      name: step.name,
      status: step.status,
      conclusion: step.conclusion,
      number: step.number,
      started_at: job.startedAt,
      completed_at: step.status === "completed" ? (job.completedAt ?? job.startedAt) : null,
    })),
    labels: ["ubuntu-latest"],
    runner_id: 1,
    runner_name: "GitHub Actions 1",
    runner_group_id: 1,
    runner_group_name: "GitHub Actions",
  };
}
