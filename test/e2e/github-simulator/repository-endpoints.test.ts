import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { GitHubSimulator } from "./create-simulator.ts";
import { BASE_SHA, HEAD_SHA, oneLineFile } from "./fixtures.ts";
import { type Client, failure, full, owner, repo, startSeededSimulator } from "./test-support.ts";

let sim: GitHubSimulator;
let octokit: Client;

beforeAll(async () => {
  ({ sim, octokit } = await startSeededSimulator());
});
afterAll(() => sim.close());
afterEach(() => {
  // Tests that provoke violations take theirs; anything left is a bug.
  expect(sim.violations.splice(0)).toEqual([]);
});

describe("e2e/github-simulator repository endpoints", () => {
  describe("pushes and comparisons", () => {
    it("compares base...head and the old head...new head after a push, diverged after a force push", async () => {
      sim.seedPullRequest({
        repo: full,
        number: 3,
        base: { ref: "main", sha: BASE_SHA },
        head: { ref: "topic", sha: "1".repeat(40) },
        files: [oneLineFile(1)],
      });
      sim.pushCommits(full, 3, {
        newHeadSha: "2".repeat(40),
        files: [oneLineFile(1), oneLineFile(2)],
      });
      sim.pushCommits(full, 3, {
        newHeadSha: "3".repeat(40),
        files: [oneLineFile(3)],
        forcePush: true,
      });

      const whole = await octokit.rest.repos.compareCommitsWithBasehead({
        owner,
        repo,
        basehead: `${BASE_SHA}...${"2".repeat(40)}`,
      });
      const push = await octokit.rest.repos.compareCommitsWithBasehead({
        owner,
        repo,
        basehead: `${"1".repeat(40)}...${"2".repeat(40)}`,
      });
      const forced = await octokit.rest.repos.compareCommitsWithBasehead({
        owner,
        repo,
        basehead: `${"2".repeat(40)}...${"3".repeat(40)}`,
      });

      expect([whole.data.status, whole.data.ahead_by, whole.data.files?.length]).toEqual([
        "ahead",
        2,
        2,
      ]);
      expect([push.data.status, push.data.files?.map((f) => f.filename)]).toEqual([
        "ahead",
        [oneLineFile(2).filename],
      ]);
      expect([forced.data.status, forced.data.behind_by]).toEqual(["diverged", 1]);
      const pr = await octokit.rest.pulls.get({ owner, repo, pull_number: 3 });
      expect([pr.data.head.sha, pr.data.commits]).toEqual(["3".repeat(40), 1]);
    });
  });

  describe("issues, reactions, labels, permissions", () => {
    it("stores comments, edits, reactions and labels", async () => {
      const { data: created } = await octokit.rest.issues.createComment({
        owner,
        repo,
        issue_number: 1,
        body: "first",
      });
      await octokit.rest.issues.updateComment({
        owner,
        repo,
        comment_id: created.id,
        body: "edited",
      });
      const first = await octokit.rest.reactions.createForIssueComment({
        owner,
        repo,
        comment_id: created.id,
        content: "eyes",
      });
      const second = await octokit.rest.reactions.createForIssueComment({
        owner,
        repo,
        comment_id: created.id,
        content: "eyes",
      });
      await octokit.rest.issues.addLabels({
        owner,
        repo,
        issue_number: 1,
        labels: ["reviewloop:needs-human"],
      });
      await octokit.rest.issues.removeLabel({
        owner,
        repo,
        issue_number: 1,
        name: "reviewloop:needs-human",
      });
      const missingLabel = await failure(
        octokit.rest.issues.removeLabel({ owner, repo, issue_number: 1, name: "nope" }),
      );

      const { data: listed } = await octokit.rest.issues.listComments({
        owner,
        repo,
        issue_number: 1,
      });
      expect(listed.map((c) => c.body)).toEqual(["edited"]);
      expect([first.status, second.status]).toEqual([201, 200]);
      expect(sim.state.reactions).toHaveLength(1);
      expect(sim.state.pullRequests.get(`${full}#1`)?.labels).toEqual([]);
      expect(missingLabel.status).toBe(404);
    });

    it("answers the seeded permission and role", async () => {
      sim.seedPermission(full, "bob", "write", "maintain");

      const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
        owner,
        repo,
        username: "bob",
      });

      expect([data.permission, data.role_name]).toEqual(["write", "maintain"]);
    });
  });

  describe("actions", () => {
    it("dispatches a workflow with run details, lists its jobs and redirects to the log text", async () => {
      const withDetails = await octokit.request(
        "POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches",
        {
          owner,
          repo,
          workflow_id: "reviewloop-fix.yml",
          ref: "feature",
          inputs: { pr: "1" },
          return_run_details: true,
        },
      );
      const plain = await octokit.rest.actions.createWorkflowDispatch({
        owner,
        repo,
        workflow_id: "reviewloop-fix.yml",
        ref: "feature",
      });
      const missing = await failure(
        octokit.rest.actions.createWorkflowDispatch({
          owner,
          repo,
          workflow_id: "nope.yml",
          ref: "feature",
        }),
      );
      await octokit.rest.repos.createDispatchEvent({
        owner,
        repo,
        event_type: "reviewloop-fix",
        client_payload: { pr: 1 },
      });
      const run = sim.seedWorkflowRun({
        repo: full,
        headSha: HEAD_SHA,
        conclusion: "failure",
        jobs: [{ name: "fix", log: "error: boom\n" }],
      });

      const { data: jobs } = await octokit.rest.actions.listJobsForWorkflowRun({
        owner,
        repo,
        run_id: run.id,
      });
      const log = await octokit.rest.actions.downloadJobLogsForWorkflowRun({
        owner,
        repo,
        job_id: jobs.jobs[0]?.id ?? 0,
      });

      expect(withDetails.status).toBe(200);
      expect((withDetails.data as { workflow_run_id: number }).workflow_run_id).toBe(
        sim.state.dispatches[0]?.runId,
      );
      expect([plain.status, missing.status]).toEqual([204, 404]);
      expect(sim.state.dispatches.map((d) => d.kind)).toEqual([
        "workflow_dispatch",
        "workflow_dispatch",
        "repository_dispatch",
      ]);
      expect(jobs.jobs[0]).toMatchObject({ name: "fix", conclusion: "failure" });
      expect(log.data).toBe("error: boom\n");
    });
  });
});
