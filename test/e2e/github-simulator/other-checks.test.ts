import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { InstallationOctokit } from "../../../src/github/github-clients.ts";
import { octokitCheckRunsReader } from "../../../src/github/octokit-check-runs-reader.ts";
import type { GitHubSimulator } from "./create-simulator.ts";
import { filesFromDiff } from "./diff-to-files.ts";
import { BASE_SHA, HEAD_SHA, SAMPLE_DIFF } from "./fixtures.ts";
import { type Client, full, owner, repo, startSeededSimulator } from "./test-support.ts";
import type { SimAnnotation } from "./types.ts";
import { checkRunPayload, checkSuitePayload } from "./webhooks/check-payloads.ts";
import { deliverCheckCompleted } from "./webhooks/send-check-events.ts";
import { signPayload } from "./webhooks/send-webhook.ts";

let sim: GitHubSimulator;
let octokit: Client;

beforeAll(async () => {
  ({ sim, octokit } = await startSeededSimulator());
});
afterAll(() => sim.close());
afterEach(() => {
  expect(sim.violations.splice(0)).toEqual([]);
  sim.state.checkRuns.length = 0;
  sim.state.checkSuites.length = 0;
  sim.state.workflowRuns.length = 0;
});

const annotation = (line: number, message = `problem ${line}`): SimAnnotation => ({
  path: "src/app.ts",
  start_line: line,
  end_line: line,
  annotation_level: "failure",
  message,
});

const listForHead = async (sha = HEAD_SHA) =>
  (await octokit.rest.checks.listForRef({ owner, repo, ref: sha })).data;

/** A local webhook receiver: records each delivery's event, action and payload. */
async function startReceiver(secret: string) {
  const received: Array<{ event: string; payload: Record<string, unknown>; signed: boolean }> = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({
        event: String(request.headers["x-github-event"]),
        payload: JSON.parse(body) as Record<string, unknown>,
        signed: request.headers["x-hub-signature-256"] === signPayload(secret, body),
      });
      response.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("e2e/github-simulator other apps' check runs", () => {
  describe("a linter's check run seeded on the head", () => {
    it("is listed for the head with its app's slug, its suite and the pull request", async () => {
      const lint = sim.addCheckRun({
        repo: full,
        headSha: HEAD_SHA,
        name: "eslint",
        appSlug: "eslint-bot",
        conclusion: "failure",
        output: { title: "2 problems", summary: "eslint found 2 problems" },
        annotations: [annotation(2), annotation(22)],
        detailsUrl: "https://lint.example/run/1",
      });

      const { check_runs: runs } = await listForHead();

      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({
        id: lint.id,
        name: "eslint",
        head_sha: HEAD_SHA,
        status: "completed",
        conclusion: "failure",
        details_url: "https://lint.example/run/1",
        app: { slug: "eslint-bot" },
        check_suite: { id: lint.checkSuiteId },
        output: { title: "2 problems", summary: "eslint found 2 problems", annotations_count: 2 },
        pull_requests: [{ number: 1, head: { ref: "feature", sha: HEAD_SHA } }],
      });
    });

    it("shares its suite with the same app's other runs on the sha, not with other apps", async () => {
      const a = sim.addCheckRun({
        repo: full,
        headSha: HEAD_SHA,
        name: "lint",
        appSlug: "x",
        conclusion: "success",
      });
      const b = sim.addCheckRun({ repo: full, headSha: HEAD_SHA, name: "types", appSlug: "x" });
      const c = sim.addCheckRun({ repo: full, headSha: HEAD_SHA, name: "lint", appSlug: "y" });

      expect(a.checkSuiteId).toBe(b.checkSuiteId);
      expect(c.checkSuiteId).not.toBe(a.checkSuiteId);
      expect([b.status, b.conclusion]).toEqual(["queued", null]);
    });

    it("rejects a sha no pull request of the repository had", () => {
      expect(() =>
        sim.addCheckRun({ repo: full, headSha: "f".repeat(40), name: "ci", conclusion: "success" }),
      ).toThrow(/no pull request of acme\/widgets has the commit f{40}/);
    });

    it("lists no pull request when the head is in a fork", async () => {
      const forkHead = "e".repeat(40);
      sim.seedPullRequest({
        repo: full,
        number: 7,
        author: "mallory",
        base: { ref: "main", sha: BASE_SHA },
        head: { ref: "patch-1", sha: forkHead },
        files: filesFromDiff(SAMPLE_DIFF),
        fromFork: true,
      });
      sim.addCheckRun({ repo: full, headSha: forkHead, name: "ci", conclusion: "failure" });

      const { check_runs: runs } = await listForHead(forkHead);

      expect(runs.map((run) => [run.name, run.pull_requests])).toEqual([["ci", []]]);
    });
  });

  describe("our own check run", () => {
    it("carries the app's slug and a suite of its own", async () => {
      const { data } = await octokit.rest.checks.create({
        owner,
        repo,
        name: "reviewloop",
        head_sha: HEAD_SHA,
      });
      sim.addCheckRun({ repo: full, headSha: HEAD_SHA, name: "ci", conclusion: "success" });

      const { check_runs: runs } = await listForHead();

      expect(data).toMatchObject({ app: { slug: "reviewloop", id: sim.state.appId } });
      expect(runs.map((run) => [run.name, run.app?.slug])).toEqual([
        ["ci", "github-actions"],
        ["reviewloop", "reviewloop"],
      ]);
      expect(runs[0]?.check_suite?.id).not.toBe(runs[1]?.check_suite?.id);
    });
  });

  describe("annotations", () => {
    it("are listed 30 a page by default, as many as per_page asks, in GitHub's shape", async () => {
      const run = sim.addCheckRun({
        repo: full,
        headSha: HEAD_SHA,
        name: "tsc",
        appSlug: "typescript",
        conclusion: "failure",
        annotations: [
          {
            ...annotation(1),
            title: "TS2322",
            raw_details: "Type 'x' is not 'y'",
            start_column: 3,
            end_column: 9,
          },
          ...Array.from({ length: 74 }, (_, i) => annotation(i + 2)),
        ],
      });

      const first = await octokit.rest.checks.listAnnotations({
        owner,
        repo,
        check_run_id: run.id,
      });
      const pages = await octokit.paginate(octokit.rest.checks.listAnnotations, {
        owner,
        repo,
        check_run_id: run.id,
        per_page: 50,
      });

      expect(first.data).toHaveLength(30);
      expect(first.headers.link).toContain('rel="next"');
      expect(pages.map((a) => a.message)).toEqual(run.annotations.map((a) => a.message));
      expect(first.data[0]).toEqual({
        path: "src/app.ts",
        blob_href: `https://github.com/${full}/blob/${HEAD_SHA}/src/app.ts`,
        start_line: 1,
        end_line: 1,
        start_column: 3,
        end_column: 9,
        annotation_level: "failure",
        title: "TS2322",
        message: "problem 1",
        raw_details: "Type 'x' is not 'y'",
      });
      expect(first.data[1]).toMatchObject({ title: null, raw_details: null, start_column: null });
    });

    it("answers 404 for a check run of another repository or none", async () => {
      const status = await octokit.rest.checks
        .listAnnotations({ owner, repo, check_run_id: 999_999 })
        .then(
          () => 200,
          (error: { status: number }) => error.status,
        );

      expect(status).toBe(404);
    });
  });

  describe("read by the app's check-runs reader", () => {
    it("gives each run's app, status and output, and the first 50 annotations", async () => {
      sim.addCheckRun({
        repo: full,
        headSha: HEAD_SHA,
        name: "eslint",
        appSlug: "eslint-bot",
        conclusion: "failure",
        output: { title: "60 problems", summary: "eslint found 60 problems" },
        annotations: Array.from({ length: 60 }, (_, i) => annotation(i + 1)),
      });
      const test = sim.addCheckRun({ repo: full, headSha: HEAD_SHA, name: "test" });
      const reader = octokitCheckRunsReader(octokit as unknown as InstallationOctokit);

      const runs = await reader.listCheckRuns({ owner, repo }, HEAD_SHA);
      const lint = runs.find((run) => run.name === "eslint");
      const annotations = await reader.listAnnotations({ owner, repo }, lint?.id ?? 0);

      expect(runs.map((run) => [run.name, run.appSlug, run.status, run.conclusion])).toEqual([
        ["test", "github-actions", "queued", null],
        ["eslint", "eslint-bot", "completed", "failure"],
      ]);
      expect(runs[0]?.detailsUrl).toBe(
        `https://github.com/${full}/actions/runs/${test.workflowRunId}/job/${test.id}`,
      );
      expect(lint?.output).toEqual({
        title: "60 problems",
        summary: "eslint found 60 problems",
        annotationsCount: 60,
      });
      expect(annotations.map((a) => a.message)).toEqual(
        Array.from({ length: 50 }, (_, i) => `problem ${i + 1}`),
      );
      expect(annotations[0]).toEqual({
        path: "src/app.ts",
        startLine: 1,
        endLine: 1,
        level: "failure",
        title: null,
        message: "problem 1",
        rawDetails: null,
      });
    });
  });

  describe("check suites of a commit (`GET /commits/{ref}/check-suites`)", () => {
    it("shows a queued workflow's suite without check runs until its job exists", async () => {
      sim.addCheckRun({
        repo: full,
        headSha: HEAD_SHA,
        name: "eslint",
        appSlug: "eslint-bot",
        conclusion: "success",
      });
      const workflow = sim.addQueuedWorkflow({ repo: full, headSha: HEAD_SHA });
      const reader = octokitCheckRunsReader(octokit as unknown as InstallationOctokit);
      const suites = async () =>
        (await reader.listCheckSuites({ owner, repo }, HEAD_SHA)).map((suite) => [
          suite.id === workflow.checkSuiteId ? "workflow" : suite.appSlug,
          suite.status,
          suite.latestCheckRunsCount,
        ]);

      expect(await suites()).toEqual([
        ["eslint-bot", "completed", 1],
        ["workflow", "queued", 0],
      ]);

      const job = sim.addCheckRun({
        repo: full,
        headSha: HEAD_SHA,
        name: "test",
        status: "in_progress",
        workflowRunId: workflow.workflowRunId,
      });

      expect(job.checkSuiteId).toBe(workflow.checkSuiteId);
      expect(await suites()).toEqual([
        ["eslint-bot", "completed", 1],
        ["workflow", "in_progress", 1],
      ]);
    });
  });

  describe("an Actions job's check run", () => {
    it("links to its job, whose steps name the failed one and whose log is served", async () => {
      const run = sim.addCheckRun({
        repo: full,
        headSha: HEAD_SHA,
        name: "test (ubuntu)",
        conclusion: "failure",
        output: { title: "Process completed with exit code 1." },
        steps: [
          { name: "Set up job" },
          { name: "Install" },
          { name: "Run tests", conclusion: "failure" },
          { name: "Post Run", conclusion: "skipped" },
        ],
        log: "…\nFAIL test/app.test.ts > adds\nError: expected 3 to be 4\n",
      });

      const { check_runs: runs } = await listForHead();
      const { data: job } = await octokit.rest.actions.getJobForWorkflowRun({
        owner,
        repo,
        job_id: run.id,
      });
      const log = await octokit.rest.actions.downloadJobLogsForWorkflowRun({
        owner,
        repo,
        job_id: run.id,
      });
      const { data: suite } = await octokit.rest.checks.getSuite({
        owner,
        repo,
        check_suite_id: run.checkSuiteId,
      });

      const jobPage = `https://github.com/${full}/actions/runs/${run.workflowRunId}/job/${run.id}`;
      expect(runs[0]).toMatchObject({
        id: run.id,
        app: { slug: "github-actions" },
        details_url: jobPage,
        html_url: jobPage,
        check_suite: { id: run.checkSuiteId },
      });
      expect(job).toMatchObject({
        id: run.id,
        run_id: run.workflowRunId,
        name: "test (ubuntu)",
        conclusion: "failure",
        html_url: jobPage,
        head_sha: HEAD_SHA,
      });
      expect(job.steps?.filter((s) => s.conclusion === "failure").map((s) => s.name)).toEqual([
        "Run tests",
      ]);
      expect(log.data).toBe("…\nFAIL test/app.test.ts > adds\nError: expected 3 to be 4\n");
      expect(suite).toMatchObject({
        id: run.checkSuiteId,
        head_sha: HEAD_SHA,
        head_branch: "feature",
        status: "completed",
        conclusion: "failure",
        app: { slug: "github-actions" },
      });
    });

    it("completes later: the check run, its job (with a failed step) and its workflow run", async () => {
      const run = sim.addCheckRun({ repo: full, headSha: HEAD_SHA, name: "build" });
      const before = (await listForHead()).check_runs[0];

      sim.completeCheckRun(run.id, "timed_out", { title: "The job timed out" });
      const after = (await listForHead()).check_runs[0];
      const { data: job } = await octokit.rest.actions.getJobForWorkflowRun({
        owner,
        repo,
        job_id: run.id,
      });

      expect([before?.status, before?.conclusion]).toEqual(["queued", null]);
      expect(after).toMatchObject({
        status: "completed",
        conclusion: "timed_out",
        output: { title: "The job timed out" },
      });
      expect(job.steps?.map((s) => [s.name, s.conclusion])).toEqual([
        ["Set up job", "success"],
        ["Run build", "timed_out"],
        ["Complete job", "success"],
      ]);
      expect(sim.state.workflowRuns.find((w) => w.id === run.workflowRunId)).toMatchObject({
        status: "completed",
        conclusion: "timed_out",
        event: "pull_request",
        headBranch: "feature",
      });
    });
  });

  describe("webhooks", () => {
    it("check_run.completed carries the run, its app, its suite and the pull request", () => {
      const run = sim.addCheckRun({
        repo: full,
        headSha: HEAD_SHA,
        name: "eslint",
        appSlug: "eslint-bot",
        conclusion: "failure",
      });

      const payload = checkRunPayload(sim, { checkRun: run });

      expect(payload).toMatchObject({
        action: "completed",
        check_run: {
          id: run.id,
          name: "eslint",
          head_sha: HEAD_SHA,
          status: "completed",
          conclusion: "failure",
          app: { slug: "eslint-bot" },
          pull_requests: [{ number: 1 }],
          check_suite: {
            id: run.checkSuiteId,
            head_sha: HEAD_SHA,
            head_branch: "feature",
            status: "completed",
            conclusion: "failure",
            app: { slug: "eslint-bot" },
            pull_requests: [{ number: 1 }],
          },
        },
        repository: { full_name: full },
        installation: { id: 77 },
        sender: { login: "eslint-bot[bot]", type: "Bot" },
      });
    });

    it("check_suite.completed has the suite's worst conclusion once every run completed", () => {
      const ok = sim.addCheckRun({
        repo: full,
        headSha: HEAD_SHA,
        name: "a",
        appSlug: "ci",
        conclusion: "success",
      });
      const bad = sim.addCheckRun({ repo: full, headSha: HEAD_SHA, name: "b", appSlug: "ci" });

      const running = checkSuitePayload(sim, { suiteId: ok.checkSuiteId });
      sim.completeCheckRun(bad.id, "cancelled");
      const done = checkSuitePayload(sim, { suiteId: ok.checkSuiteId });

      expect(running.check_suite).toMatchObject({ status: "in_progress", conclusion: null });
      expect(done).toMatchObject({
        action: "completed",
        check_suite: {
          id: ok.checkSuiteId,
          head_sha: HEAD_SHA,
          status: "completed",
          conclusion: "cancelled",
          app: { slug: "ci" },
          pull_requests: [{ number: 1, head: { sha: HEAD_SHA } }],
          latest_check_runs_count: 2,
        },
        installation: { id: 77 },
      });
    });

    it("deliverCheckCompleted sends check_run, and check_suite only with the suite's last run", async () => {
      const receiver = await startReceiver("s3cret");
      const first = sim.addCheckRun({ repo: full, headSha: HEAD_SHA, name: "a", appSlug: "ci" });
      const second = sim.addCheckRun({ repo: full, headSha: HEAD_SHA, name: "b", appSlug: "ci" });
      try {
        sim.completeCheckRun(first.id, "failure");
        await deliverCheckCompleted(sim, {
          appUrl: receiver.url,
          secret: "s3cret",
          checkRunId: first.id,
        });
        sim.completeCheckRun(second.id, "success");
        await deliverCheckCompleted(sim, {
          appUrl: receiver.url,
          secret: "s3cret",
          checkRunId: second.id,
        });
      } finally {
        await receiver.close();
      }

      expect(
        receiver.received.map((d) => [
          d.event,
          d.payload.action,
          (d.payload.check_run ?? d.payload.check_suite) as unknown,
          d.signed,
        ]),
      ).toEqual([
        [
          "check_run",
          "completed",
          expect.objectContaining({ name: "a", conclusion: "failure" }),
          true,
        ],
        [
          "check_run",
          "completed",
          expect.objectContaining({ name: "b", conclusion: "success" }),
          true,
        ],
        ["check_suite", "completed", expect.objectContaining({ conclusion: "failure" }), true],
      ]);
    });

    it("deliverCheckCompleted refuses a run that has not completed", async () => {
      const run = sim.addCheckRun({ repo: full, headSha: HEAD_SHA, name: "slow", appSlug: "ci" });

      await expect(
        deliverCheckCompleted(sim, {
          appUrl: "http://127.0.0.1:1",
          secret: "s",
          checkRunId: run.id,
        }),
      ).rejects.toThrow("check run slow has not completed");
    });
  });
});
