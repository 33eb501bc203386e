import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GitHubApiError } from "../../src/github/github-api-error.ts";
import type { InstallationOctokit } from "../../src/github/github-clients.ts";
import { octokitRunReader } from "../../src/github/octokit-run-reader.ts";
import type { GitHubSimulator } from "../e2e/github-simulator/index.ts";
import {
  type Client,
  full,
  owner,
  repo,
  startSeededSimulator,
} from "../e2e/github-simulator/test-support.ts";

const OPERATOR_SECRET = "webhook-secret-0123";
const TOKEN = `ghs_${"Q7w8".repeat(9)}`;

let sim: GitHubSimulator;
let octokit: Client;

beforeAll(async () => {
  ({ sim, octokit } = await startSeededSimulator());
});
afterAll(() => sim.close());
afterEach(() => {
  expect(sim.violations.splice(0)).toEqual([]);
});

function reader() {
  return octokitRunReader(octokit as unknown as InstallationOctokit, {
    secrets: [OPERATOR_SECRET],
  });
}

/** A GitHub job log: 150 timestamped lines, the last ones leaking two secrets. */
function jobLog(): string {
  const lines = Array.from({ length: 148 }, (_, i) => `step output ${i + 1}`);
  lines.push(`curl -H "x: ${OPERATOR_SECRET}" https://x-access-token:${TOKEN}@github.com`);
  lines.push("##[error]Process completed with exit code 1.");
  return `\uFEFF${lines.map((line, i) => `2026-01-01T00:00:${String(i % 60).padStart(2, "0")}.1234567Z ${line}`).join("\n")}\n`;
}

function failingJob(name: string, log = `${name} failed\n`) {
  return {
    name,
    conclusion: "failure",
    log,
    steps: [
      { name: "Set up job" },
      { name: "Run agent", conclusion: "failure" },
      { name: "Push", conclusion: "skipped" },
    ],
  };
}

const logRequests = () =>
  sim.requests.filter((r) => r.operationId === "actions/download-job-logs-for-workflow-run");

describe("github/octokitRunReader", () => {
  describe("with a failed run", () => {
    it("keeps the run's URL, the failed jobs and steps, and the scrubbed last 100 lines of each log", async () => {
      const run = sim.seedWorkflowRun({
        repo: full,
        headSha: "b".repeat(40),
        conclusion: "failure",
        jobs: [{ name: "lint", conclusion: "success" }, failingJob("fix", jobLog())],
      });

      const diagnostics = await reader().readFailedRun({ owner, repo, runId: run.id });

      const tail = diagnostics.failedJobs[0]?.logTail.split("\n") ?? [];
      expect(diagnostics).toMatchObject({
        conclusion: "failure",
        runUrl: `https://github.com/${full}/actions/runs/${run.id}`,
        failedJobs: [
          {
            name: "fix",
            conclusion: "failure",
            failedSteps: ["Run agent"],
            url: `https://github.com/${full}/actions/runs/${run.id}/job/${run.jobs[1]?.id}`,
          },
        ],
      });
      expect(diagnostics.readError).toBeUndefined();
      expect(tail).toHaveLength(100);
      expect(tail[0]).toBe("step output 51");
      expect(tail.slice(-2)).toEqual([
        'curl -H "x: ***" https://x-access-token:***@github.com',
        "##[error]Process completed with exit code 1.",
      ]);
    });
  });

  describe("with more failed jobs than it reads", () => {
    it("reads the first five", async () => {
      const before = logRequests().length;
      const run = sim.seedWorkflowRun({
        repo: full,
        headSha: "b".repeat(40),
        conclusion: "failure",
        jobs: Array.from({ length: 7 }, (_, i) => failingJob(`shard ${i + 1}`)),
      });

      const diagnostics = await reader().readFailedRun({ owner, repo, runId: run.id });

      expect(diagnostics.failedJobs.map((job) => job.name)).toEqual([
        "shard 1",
        "shard 2",
        "shard 3",
        "shard 4",
        "shard 5",
      ]);
      expect(logRequests().length - before).toBe(5);
    });
  });

  describe("when a log cannot be read", () => {
    it("says so in readError and keeps everything else", async () => {
      const run = sim.seedWorkflowRun({
        repo: full,
        headSha: "b".repeat(40),
        conclusion: "timed_out",
        jobs: [failingJob("first"), failingJob("second", "second: out of memory\n")],
      });
      const first = run.jobs[0]!;
      sim.failNext({ path: `/repos/${full}/actions/jobs/${first.id}/logs`, status: 502 });

      const diagnostics = await reader().readFailedRun({ owner, repo, runId: run.id });

      expect(diagnostics.conclusion).toBe("timed_out");
      expect(diagnostics.failedJobs.map((job) => [job.name, job.logTail])).toEqual([
        ["first", ""],
        ["second", "second: out of memory"],
      ]);
      expect(diagnostics.readError).toMatch(/^log of job "first" \(\d+\): .*502/);
    });
  });

  describe("when a log is not text", () => {
    it("refuses to keep an archive as its tail", async () => {
      const run = sim.seedWorkflowRun({
        repo: full,
        headSha: "b".repeat(40),
        conclusion: "failure",
        jobs: [failingJob("fix", "PK\u0003\u0004\u0014\u0000binary")],
      });

      const diagnostics = await reader().readFailedRun({ owner, repo, runId: run.id });

      expect(diagnostics.failedJobs[0]?.logTail).toBe("");
      expect(diagnostics.readError).toMatch(/ZIP archive/);
    });
  });

  describe("when the jobs cannot be listed", () => {
    it("keeps the run and says why there are no jobs", async () => {
      const run = sim.seedWorkflowRun({
        repo: full,
        headSha: "b".repeat(40),
        conclusion: "failure",
        jobs: [failingJob("fix")],
      });
      sim.failNext({ path: `/repos/${full}/actions/runs/${run.id}/jobs`, status: 502 });

      const diagnostics = await reader().readFailedRun({ owner, repo, runId: run.id });

      expect(diagnostics).toMatchObject({ conclusion: "failure", failedJobs: [] });
      expect(diagnostics.readError).toMatch(/^jobs of run \d+: .*502/);
    });
  });

  describe("when the run does not exist", () => {
    it("throws GitHub's answer as a GitHubApiError", async () => {
      const error = await reader()
        .readFailedRun({ owner, repo, runId: 987_654 })
        .catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(GitHubApiError);
      expect((error as GitHubApiError).isNotFound).toBe(true);
    });
  });
});
