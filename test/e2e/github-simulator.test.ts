import { readFileSync } from "node:fs";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import type { RunningApp } from "../../src/server/start-app.ts";
import { startApp } from "../../src/server/start-app.ts";
import { openPglite } from "../../src/store/open-pglite.ts";
import { TEST_WEBHOOK_SECRET, testEnv } from "../helpers/start-test-app.ts";
import { BASE_SHA, HEAD_SHA, NEXT_SHA, SAMPLE_DIFF } from "./github-simulator/fixtures.ts";
import {
  checkRunRerequestedPayload,
  filesFromDiff,
  type GitHubSimulator,
  issueCommentPayload,
  pullRequestPayload,
  reviewCommentPayload,
  type SimCheckRun,
  sendWebhook,
  signPayload,
  workflowRunCompletedPayload,
} from "./github-simulator/index.ts";
import {
  type Client,
  full,
  INSTALLATION,
  owner,
  repo,
  startSeededSimulator,
} from "./github-simulator/test-support.ts";

let sim: GitHubSimulator;
let octokit: Client;

beforeAll(async () => {
  ({ sim, octokit } = await startSeededSimulator());
});
afterAll(() => sim.close());
afterEach(() => {
  expect(sim.violations.splice(0)).toEqual([]);
});

describe("e2e/github-simulator", () => {
  describe("with a Probot installation client", () => {
    it("issues an installation token for the app's JWT and serves the pull request", async () => {
      const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: 1 });

      expect(sim.requests[0]).toMatchObject({
        method: "POST",
        path: `/app/installations/${INSTALLATION}/access_tokens`,
        status: 201,
      });
      expect(data.head.sha).toBe(HEAD_SHA);
      expect(data.changed_files).toBe(4);
    });

    it("reads the repository config as Probot does (raw media type, org fallback 404)", async () => {
      sim.seedRepo({ owner, name: "bare", installationId: INSTALLATION });
      const before = sim.requests.length;

      const config = await octokit.config.get({ owner, repo, path: ".github/reviewloop.yml" });
      const missing = await octokit.config.get({
        owner,
        repo: "bare",
        path: ".github/reviewloop.yml",
      });

      expect(config.config).toEqual({ review: { drafts: true } });
      expect(missing.files.map((file) => file.config)).toEqual([null, null]);
      expect(sim.requests.slice(before).map((r) => `${r.status} ${r.path}`)).toEqual([
        `200 /repos/${full}/contents/.github%2Freviewloop.yml`,
        `404 /repos/${owner}/bare/contents/.github%2Freviewloop.yml`,
        `404 /repos/${owner}/.github/contents/.github%2Freviewloop.yml`,
      ]);
    });

    it("serves file contents base64-encoded without the raw media type", async () => {
      const { data } = await octokit.rest.repos.getContent({
        owner,
        repo,
        path: ".github/reviewloop.yml",
      });

      expect(data).toMatchObject({ type: "file", encoding: "base64" });
      const content = (data as { content: string }).content;
      expect(Buffer.from(content, "base64").toString()).toBe("review:\n  drafts: true\n");
    });

    it("answers 401 to a request without a token", async () => {
      const response = await fetch(`${sim.apiUrl}/repos/${full}/pulls/1`);

      expect(response.status).toBe(401);
    });
  });

  describe("files from a unified diff", () => {
    it("lists each file with GitHub's status, counts and hunks-only patch", () => {
      const files = filesFromDiff(SAMPLE_DIFF);

      expect(
        files.map(({ filename, status, additions, deletions }) => ({
          filename,
          status,
          additions,
          deletions,
        })),
      ).toEqual([
        { filename: "src/app.ts", status: "modified", additions: 3, deletions: 1 },
        { filename: "docs/new.md", status: "added", additions: 2, deletions: 0 },
        { filename: "lib/new-name.ts", status: "renamed", additions: 1, deletions: 1 },
        { filename: "assets/logo.png", status: "modified", additions: 0, deletions: 0 },
      ]);
      expect(files[0]?.patch?.startsWith("@@ -1,3 +1,4 @@\n import")).toBe(true);
      expect(files[2]?.previous_filename).toBe("lib/old-name.ts");
      expect(files[3]?.patch).toBeUndefined();
    });
  });
});

describe("e2e/github-simulator webhook payloads", () => {
  it("builds deliveries consistent with the simulator's state", async () => {
    await octokit.rest.pulls.createReview({
      owner,
      repo,
      pull_number: 1,
      commit_id: HEAD_SHA,
      event: "COMMENT",
      body: "One finding",
      comments: [{ path: "src/app.ts", line: 2, body: "Why 2?" }],
    });
    const { data: checkRun } = await octokit.rest.checks.create({
      owner,
      repo,
      name: "reviewloop",
      head_sha: HEAD_SHA,
    });
    const fixerRun = sim.seedWorkflowRun({
      repo: full,
      headSha: HEAD_SHA,
      headBranch: "feature",
      conclusion: "failure",
    });
    sim.pushCommits(full, 1, { newHeadSha: NEXT_SHA, files: filesFromDiff(SAMPLE_DIFF) });
    const human = sim.seedIssueComment(full, 1, { user: "alice", body: "/reviewloop review" });
    const [first] = sim.reviewsOf(full, 1).comments;
    const reply = sim.seedReviewReply(full, 1, {
      inReplyTo: first?.id ?? 0,
      user: "alice",
      body: "disagree",
    });
    const run = sim.state.checkRuns.find((candidate) => candidate.id === checkRun.id);

    const sync = pullRequestPayload(sim, { repo: full, number: 1, action: "synchronize" });
    const comment = issueCommentPayload(sim, { repo: full, number: 1, comment: human });
    const review = reviewCommentPayload(sim, { repo: full, number: 1, comment: reply });
    const rerun = checkRunRerequestedPayload(sim, { repo: full, checkRun: run as SimCheckRun });
    const completed = workflowRunCompletedPayload(sim, { repo: full, run: fixerRun });

    expect(sync).toMatchObject({
      before: HEAD_SHA,
      after: NEXT_SHA,
      pull_request: { head: { sha: NEXT_SHA } },
      installation: { id: INSTALLATION },
    });
    expect(comment).toMatchObject({
      issue: { number: 1, pull_request: { url: `${sim.apiUrl}/repos/${full}/pulls/1` } },
      comment: { id: human.id, body: "/reviewloop review" },
      sender: { login: "alice" },
    });
    expect(review).toMatchObject({
      comment: { id: reply.id, in_reply_to_id: first?.id },
      pull_request: { number: 1 },
    });
    expect(rerun).toMatchObject({
      check_run: { id: run?.id, app: { id: sim.state.appId }, check_suite: { head_sha: HEAD_SHA } },
      installation: { id: INSTALLATION },
    });
    expect(completed).toMatchObject({
      workflow_run: { id: fixerRun.id, conclusion: fixerRun.conclusion },
      installation: { id: INSTALLATION },
    });
  });

  it("signs the exact body as GitHub does", () => {
    expect(signPayload("It's a Secret to Everybody", "Hello, World!")).toBe(
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
    );
  });
});

describe("e2e/github-simulator with the real app", () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp(testEnv({ GHE_HOST: sim.gheHost, GHE_PROTOCOL: "http" }), {
      port: 0,
      log: pino({ level: "silent" }),
      openStore: () =>
        openPglite({ loadDataDir: new Blob([readFileSync(inject("pgliteSnapshot"))]) }),
      pollMs: 20,
    });
  });
  afterAll(() => app.stop());

  it("accepts a signed pull_request.opened for a seeded PR and enqueues a RunReview of its head", async () => {
    sim.seedPullRequest({
      repo: full,
      number: 10,
      author: "alice",
      base: { ref: "main", sha: BASE_SHA },
      head: { ref: "e2e", sha: "e".repeat(40) },
      files: filesFromDiff(SAMPLE_DIFF),
    });

    const response = await sendWebhook(app.url, {
      name: "pull_request",
      payload: pullRequestPayload(sim, { repo: full, number: 10, action: "opened" }),
      secret: TEST_WEBHOOK_SECRET,
    });

    expect(response.status).toBeGreaterThanOrEqual(200);
    expect(response.status).toBeLessThan(300);
    const { rows } = await app.db.query<{ kind: string; payload: { headSha: string } }>(
      "SELECT kind, payload FROM jobs",
    );
    expect(rows.map((row) => [row.kind, row.payload.headSha])).toEqual([
      ["RunReview", "e".repeat(40)],
    ]);
  });
});
