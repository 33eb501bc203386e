import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { GitHubSimulator } from "./create-simulator.ts";
import { HEAD_SHA } from "./fixtures.ts";
import { workflowNumber } from "./render-runs.ts";
import { type Client, failure, full, owner, repo, startSeededSimulator } from "./test-support.ts";
import type { SimDispatch } from "./types.ts";
import { workflowRunPayload } from "./webhooks/workflow-run-payload.ts";

let sim: GitHubSimulator;
let octokit: Client;

beforeAll(async () => {
  ({ sim, octokit } = await startSeededSimulator());
  const files = sim.state.repos.get(full)!.files;
  files.set(
    ".github/workflows/named.yml",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression
    'name: Named fixer\nrun-name: "fix #${{ inputs.pr }} (${{ inputs.dispatch_id }})"\non: workflow_dispatch\n',
  );
});
afterAll(() => sim.close());
afterEach(() => {
  expect(sim.violations.splice(0)).toEqual([]);
  sim.state.workflowRuns.length = 0;
  sim.state.dispatches.length = 0;
  sim.state.repos.get(full)!.files.delete(".github/workflows/on-event.yml");
});

function dispatchWorkflow(workflow: string, inputs: Record<string, string>) {
  return octokit.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", {
    owner,
    repo,
    workflow_id: workflow,
    ref: "feature",
    inputs,
    return_run_details: true,
  });
}

describe("e2e/github-simulator workflow runs", () => {
  describe("a workflow dispatch", () => {
    it("starts a queued run on the branch's head, named after the dispatch id", async () => {
      const { data } = await dispatchWorkflow("reviewloop-fix.yml", {
        pr: "1",
        dispatch_id: "d-1",
      });

      const { data: run } = await octokit.rest.actions.getWorkflowRun({
        owner,
        repo,
        run_id: (data as { workflow_run_id: number }).workflow_run_id,
      });

      expect(run).toMatchObject({
        display_title: "reviewloop fix d-1",
        event: "workflow_dispatch",
        status: "queued",
        conclusion: null,
        head_branch: "feature",
        head_sha: HEAD_SHA,
        path: ".github/workflows/reviewloop-fix.yml",
        workflow_id: workflowNumber("reviewloop-fix.yml"),
        run_attempt: 1,
        run_number: 1,
        actor: { login: "reviewloop[bot]" },
        pull_requests: [{ number: 1, head: { ref: "feature", sha: HEAD_SHA } }],
      });
      expect(run.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    });

    it("names the run by the workflow's run-name when it has one", async () => {
      await dispatchWorkflow("named.yml", { pr: "1", dispatch_id: "d-2" });

      const { data } = await octokit.rest.actions.listWorkflowRunsForRepo({ owner, repo });

      expect(data.workflow_runs.map((run) => [run.name, run.display_title])).toEqual([
        ["Named fixer", "fix #1 (d-2)"],
      ]);
    });
  });

  describe("listing runs", () => {
    it("filters by workflow, event and creation time, newest first, page by page", async () => {
      const old = sim.seedWorkflowRun({
        repo: full,
        headSha: HEAD_SHA,
        createdAt: "2020-01-01T00:00:00Z",
      });
      const pushRun = sim.seedWorkflowRun({ repo: full, headSha: HEAD_SHA, event: "push" });
      await dispatchWorkflow("reviewloop-fix.yml", { dispatch_id: "d-3" });
      await dispatchWorkflow("reviewloop-fix.yml", { dispatch_id: "d-4" });
      await dispatchWorkflow("named.yml", { dispatch_id: "d-5" });

      const recent = await octokit.rest.actions.listWorkflowRuns({
        owner,
        repo,
        workflow_id: "reviewloop-fix.yml",
        event: "workflow_dispatch",
        created: ">=2021-01-01T00:00:00Z",
      });
      const byNumber = await octokit.rest.actions.listWorkflowRuns({
        owner,
        repo,
        workflow_id: workflowNumber("reviewloop-fix.yml"),
        created: "<2021-01-01",
      });
      const firstPage = await octokit.rest.actions.listWorkflowRunsForRepo({
        owner,
        repo,
        per_page: 1,
      });
      const pushes = await octokit.rest.actions.listWorkflowRunsForRepo({
        owner,
        repo,
        event: "push",
      });

      expect(recent.data.workflow_runs.map((run) => run.display_title)).toEqual([
        "reviewloop fix d-4",
        "reviewloop fix d-3",
      ]);
      expect(byNumber.data.workflow_runs.map((run) => run.id)).toEqual([old.id]);
      expect([firstPage.data.total_count, firstPage.data.workflow_runs.length]).toEqual([5, 1]);
      expect(firstPage.headers.link).toContain('rel="next"');
      expect(pushes.data.workflow_runs.map((run) => run.id)).toEqual([pushRun.id]);
    });

    it("answers 422 to a created filter it cannot read", async () => {
      const answer = await failure(
        octokit.rest.actions.listWorkflowRunsForRepo({ owner, repo, created: ">=yesterday" }),
      );

      expect(answer.status).toBe(422);
    });
  });

  describe("a repository dispatch", () => {
    it("starts a run of each workflow listening to it, on the default branch", async () => {
      sim.state.repos
        .get(full)!
        .files.set(
          ".github/workflows/on-event.yml",
          "on:\n  repository_dispatch:\n    types: [fix]\n",
        );

      await octokit.rest.repos.createDispatchEvent({
        owner,
        repo,
        event_type: "reviewloop-fix",
        client_payload: { dispatch_id: "d-6" },
      });

      const { data } = await octokit.rest.actions.listWorkflowRunsForRepo({
        owner,
        repo,
        event: "repository_dispatch",
      });
      expect(data.workflow_runs).toMatchObject([
        {
          id: sim.state.dispatches[0]?.runId,
          display_title: "reviewloop fix d-6",
          head_branch: "main",
          path: ".github/workflows/on-event.yml",
          status: "queued",
        },
      ]);
    });

    it("starts nothing when no workflow listens", async () => {
      await octokit.rest.repos.createDispatchEvent({ owner, repo, event_type: "reviewloop-fix" });

      expect(sim.state.dispatches).toMatchObject([{ kind: "repository_dispatch" }]);
      expect(sim.state.dispatches[0]?.runId).toBeUndefined();
      expect(sim.state.workflowRuns).toEqual([]);
    });
  });

  describe("jobs", () => {
    it("lists each job's steps with their numbers and conclusions", async () => {
      const run = sim.seedWorkflowRun({
        repo: full,
        headSha: HEAD_SHA,
        conclusion: "failure",
        jobs: [
          {
            name: "fix",
            steps: [{ name: "Set up job" }, { name: "Run agent", conclusion: "failure" }],
          },
        ],
      });

      const { data } = await octokit.rest.actions.listJobsForWorkflowRun({
        owner,
        repo,
        run_id: run.id,
      });

      expect(data.jobs[0]?.steps).toMatchObject([
        { number: 1, name: "Set up job", status: "completed", conclusion: "success" },
        { number: 2, name: "Run agent", status: "completed", conclusion: "failure" },
      ]);
    });
  });

  describe("dispatch listeners", () => {
    it("hear a stored dispatch after its answer, even one answered 502, and not one refused first", async () => {
      const heard: SimDispatch[] = [];
      const stop = sim.onDispatch((dispatch) => heard.push(dispatch));
      const path = `/repos/${full}/actions/workflows/reviewloop-fix.yml/dispatches`;

      sim.failNext({ path, status: 502, afterStoring: true });
      const stored = await failure(dispatchWorkflow("reviewloop-fix.yml", { dispatch_id: "a" }));
      sim.failNext({ path, status: 502 });
      const refused = await failure(dispatchWorkflow("reviewloop-fix.yml", { dispatch_id: "b" }));
      stop();
      await dispatchWorkflow("reviewloop-fix.yml", { dispatch_id: "c" });

      expect([stored.status, refused.status]).toEqual([502, 502]);
      expect(heard.map((dispatch) => dispatch.inputs?.dispatch_id)).toEqual(["a"]);
    });
  });

  describe("workflow_run deliveries", () => {
    it("carry the run as it is now", () => {
      const run = sim.seedWorkflowRun({
        repo: full,
        headSha: HEAD_SHA,
        headBranch: "feature",
        displayTitle: "reviewloop fix d-9",
        status: "in_progress",
      });

      const payload = workflowRunPayload(sim, { repo: full, run, action: "in_progress" });

      expect(payload).toMatchObject({
        action: "in_progress",
        installation: { id: 77 },
        repository: { full_name: full },
        sender: { login: "reviewloop[bot]" },
        workflow: { path: ".github/workflows/reviewloop-fix.yml" },
        workflow_run: {
          id: run.id,
          display_title: "reviewloop fix d-9",
          status: "in_progress",
          conclusion: null,
          event: "workflow_dispatch",
          head_sha: HEAD_SHA,
          head_branch: "feature",
          path: ".github/workflows/reviewloop-fix.yml",
          run_attempt: 1,
          created_at: run.createdAt,
          updated_at: run.updatedAt,
          html_url: `https://github.com/${full}/actions/runs/${run.id}`,
          pull_requests: [{ number: 1 }],
        },
      });
    });
  });
});
