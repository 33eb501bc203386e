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

describe("e2e/github-simulator checks, pagination and faults", () => {
  describe("pagination of pull request files", () => {
    it("pages by per_page (at most 100) with Link headers and stops at 3,000 files", async () => {
      sim.seedPullRequest({
        repo: full,
        number: 2,
        base: { ref: "main", sha: BASE_SHA },
        head: { ref: "big", sha: "d".repeat(40) },
        files: Array.from({ length: 3_050 }, (_, i) => oneLineFile(i)),
      });

      const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
        owner,
        repo,
        pull_number: 2,
        per_page: 100,
      });
      const firstPage = await octokit.rest.pulls.listFiles({ owner, repo, pull_number: 2 });

      expect(files).toHaveLength(3_000);
      expect(new Set(files.map((f) => f.filename)).size).toBe(3_000);
      const pages = sim.requests
        .filter((r) => r.operationId === "pulls/list-files")
        .map((r) => r.query.page ?? "1");
      // 30 pages of 100 (page 31 is never linked), then the default first page of 30.
      expect(pages).toEqual([...Array.from({ length: 30 }, (_, i) => String(i + 1)), "1"]);
      expect(firstPage.data).toHaveLength(30);
      expect(firstPage.headers.link).toContain('rel="next"');
    });
  });

  describe("check runs", () => {
    const annotation = (i: number) => ({
      path: "src/app.ts",
      start_line: i,
      end_line: i,
      annotation_level: "warning" as const,
      message: `m${i}`,
    });

    it("rejects more than 50 annotations in one request", async () => {
      const error = await failure(
        octokit.rest.checks.create({
          owner,
          repo,
          name: "reviewloop",
          head_sha: HEAD_SHA,
          output: {
            title: "t",
            summary: "s",
            annotations: Array.from({ length: 51 }, (_, i) => annotation(i + 1)),
          },
        }),
      );

      expect(error.status).toBe(422);
      expect(sim.violations.splice(0)).toEqual([
        expect.stringContaining("body/output/annotations must NOT have more than 50 items"),
      ]);
    });

    it("appends annotations on update and lists runs for the head by name", async () => {
      const { data: created } = await octokit.rest.checks.create({
        owner,
        repo,
        name: "reviewloop",
        head_sha: HEAD_SHA,
        status: "in_progress",
        output: {
          title: "t",
          summary: "s",
          annotations: Array.from({ length: 50 }, (_, i) => annotation(i + 1)),
        },
      });
      await octokit.rest.checks.update({
        owner,
        repo,
        check_run_id: created.id,
        conclusion: "failure",
        output: { title: "t", summary: "done", annotations: [annotation(60)] },
      });
      await octokit.rest.checks.create({ owner, repo, name: "other", head_sha: HEAD_SHA });

      const { data } = await octokit.rest.checks.listForRef({
        owner,
        repo,
        ref: HEAD_SHA,
        check_name: "reviewloop",
      });

      expect(data.total_count).toBe(1);
      expect(data.check_runs[0]).toMatchObject({
        id: created.id,
        status: "completed",
        conclusion: "failure",
        output: { summary: "done", annotations_count: 51 },
      });
    });

    it("rejects a head sha the repository does not have", async () => {
      const error = await failure(
        octokit.rest.checks.create({ owner, repo, name: "reviewloop", head_sha: "f".repeat(40) }),
      );

      expect(error.status).toBe(422);
    });
  });

  describe("fault injection", () => {
    it("answers the next matching request with the injected status, then normally again", async () => {
      sim.failNext({ method: "GET", path: /\/pulls\/1$/, status: 502 });
      sim.failNext({
        method: "POST",
        path: `/repos/${full}/issues/1/comments`,
        status: 403,
        headers: { "retry-after": "7" },
        times: 2,
      });

      const bad = await failure(octokit.rest.pulls.get({ owner, repo, pull_number: 1 }));
      const good = await octokit.rest.pulls.get({ owner, repo, pull_number: 1 });
      const limited = await failure(
        octokit.rest.issues.createComment({ owner, repo, issue_number: 1, body: "hi" }),
      );
      const again = await failure(
        octokit.rest.issues.createComment({ owner, repo, issue_number: 1, body: "hi" }),
      );

      expect(bad.status).toBe(502);
      expect(good.status).toBe(200);
      expect([limited.status, limited.response?.headers["retry-after"], again.status]).toEqual([
        403,
        "7",
        403,
      ]);
      expect(sim.state.issueComments).toHaveLength(0);
    });

    it("delays responses by the configured latency", async () => {
      sim.setLatency(150);
      const started = performance.now();
      await octokit.rest.pulls.get({ owner, repo, pull_number: 1 });
      sim.setLatency(0);

      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    });
  });
});
