import { Probot, ProbotOctokit } from "probot";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { testPrivateKey } from "../helpers/probot.ts";
import {
  BASE_SHA,
  HEAD_SHA,
  NEXT_SHA,
  oneLineFile,
  SAMPLE_DIFF,
} from "./github-simulator/fixtures.ts";
import {
  ANCHOR_ERRORS,
  createGitHubSimulator,
  filesFromDiff,
  type GitHubSimulator,
} from "./github-simulator/index.ts";

const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));
type Client = InstanceType<typeof TestOctokit>;

const owner = "acme";
const repo = "widgets";
const full = `${owner}/${repo}`;
const INSTALLATION = 77;

let sim: GitHubSimulator;
let octokit: Client;

/** The HTTP error an Octokit call rejects with. */
async function failure(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error("expected the request to fail");
    },
    (error: {
      status: number;
      response?: { data: { message: string; errors?: unknown[] }; headers: Record<string, string> };
    }) => error,
  );
}

/** Asserts and clears the recorded violations (each test that provokes some checks its own). */
function takeViolations(): string[] {
  return sim.violations.splice(0);
}

beforeAll(async () => {
  sim = await createGitHubSimulator();
  sim.seedRepo({
    owner,
    name: repo,
    installationId: INSTALLATION,
    files: {
      ".github/reviewloop.yml": "review:\n  drafts: true\n",
      ".github/workflows/reviewloop-fix.yml": "on: workflow_dispatch\n",
    },
  });
  sim.seedPullRequest({
    repo: full,
    number: 1,
    author: "alice",
    base: { ref: "main", sha: BASE_SHA },
    head: { ref: "feature", sha: HEAD_SHA },
    files: filesFromDiff(SAMPLE_DIFF),
  });
  const probot = new Probot({
    appId: 1,
    privateKey: testPrivateKey,
    baseUrl: sim.apiUrl,
    Octokit: TestOctokit,
    logLevel: "fatal",
  });
  octokit = (await probot.auth(INSTALLATION)) as unknown as Client;
});
afterAll(() => sim.close());
afterEach(() => {
  expect(takeViolations()).toEqual([]);
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

  describe("POST /pulls/{n}/reviews", () => {
    const comment = (fields: Record<string, unknown>) => ({
      path: "src/app.ts",
      body: "note",
      ...fields,
    });

    it("stores a valid review with its inline comments, one thread each", async () => {
      const { data } = await octokit.rest.pulls.createReview({
        owner,
        repo,
        pull_number: 1,
        commit_id: HEAD_SHA,
        event: "REQUEST_CHANGES",
        body: "Two findings",
        comments: [
          comment({ line: 3, side: "RIGHT" }),
          comment({ line: 2, side: "LEFT" }),
          comment({ start_line: 21, line: 23, side: "RIGHT" }),
        ],
      });
      const stored = sim.reviewsOf(full, 1);
      const listed = await octokit.paginate(octokit.rest.pulls.listReviewComments, {
        owner,
        repo,
        pull_number: 1,
      });

      expect(data.state).toBe("CHANGES_REQUESTED");
      expect(stored.reviews).toHaveLength(1);
      expect(listed.map((c) => [c.line, c.side, c.start_line, c.pull_request_review_id])).toEqual([
        [3, "RIGHT", null, data.id],
        [2, "LEFT", null, data.id],
        [23, "RIGHT", 21, data.id],
      ]);
      expect(sim.state.threads).toHaveLength(3);
    });

    it.each([
      [
        "a line outside every hunk",
        [comment({ line: 10 })],
        `${ANCHOR_ERRORS.line} and ${ANCHOR_ERRORS.blankHunk}`,
      ],
      ["a range crossing hunks", [comment({ start_line: 2, line: 22 })], ANCHOR_ERRORS.sameHunk],
      [
        "a deleted line on the RIGHT side",
        [comment({ line: 21, side: "LEFT" }), comment({ line: 25 })],
        `${ANCHOR_ERRORS.line} and ${ANCHOR_ERRORS.blankHunk}`,
      ],
      [
        "a file the PR does not change",
        [comment({ path: "README.md", line: 1 })],
        `${ANCHOR_ERRORS.path} and ${ANCHOR_ERRORS.blankHunk}`,
      ],
      ["a binary file", [comment({ path: "assets/logo.png", line: 1 })], ANCHOR_ERRORS.unresolved],
    ])(
      "rejects the whole review for %s with GitHub's message and stores nothing",
      async (_, comments, message) => {
        const before = sim.reviewsOf(full, 1);

        const error = await failure(
          octokit.rest.pulls.createReview({
            owner,
            repo,
            pull_number: 1,
            commit_id: HEAD_SHA,
            event: "COMMENT",
            body: "x",
            comments: [comment({ line: 1 }), ...comments],
          }),
        );

        expect(error.status).toBe(422);
        expect(error.response?.data).toMatchObject({
          message: "Unprocessable Entity",
          errors: [message],
        });
        expect(sim.reviewsOf(full, 1)).toEqual(before);
      },
    );

    it("rejects a commit that is not part of the pull request, and a missing body", async () => {
      const wrongCommit = await failure(
        octokit.rest.pulls.createReview({
          owner,
          repo,
          pull_number: 1,
          commit_id: NEXT_SHA,
          event: "APPROVE",
        }),
      );
      const noBody = await failure(
        octokit.rest.pulls.createReview({
          owner,
          repo,
          pull_number: 1,
          commit_id: HEAD_SHA,
          event: "COMMENT",
        }),
      );
      const tooLong = await failure(
        octokit.rest.pulls.createReview({
          owner,
          repo,
          pull_number: 1,
          commit_id: HEAD_SHA,
          event: "COMMENT",
          body: "x".repeat(65_537),
        }),
      );

      expect([wrongCommit.status, noBody.status, tooLong.status]).toEqual([422, 422, 422]);
      expect(tooLong.response?.data.errors).toEqual([
        "Body is too long (maximum is 65536 characters)",
      ]);
    });

    it("records a body GitHub's schema rejects as a violation and answers 422", async () => {
      const wrongType = await failure(
        octokit.request("POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews", {
          owner,
          repo,
          pull_number: 1,
          event: "COMMENT",
          body: "x",
          comments: [{ path: "src/app.ts", body: "n", line: "3" }],
        } as never),
      );
      const missing = await failure(
        octokit.request("POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews", {
          owner,
          repo,
          pull_number: 1,
          event: "COMMENT",
          body: "x",
          comments: [{ body: "n", line: 3 }],
        } as never),
      );
      const unknownKey = await failure(
        octokit.request("POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews", {
          owner,
          repo,
          pull_number: 1,
          event: "COMMENT",
          body: "x",
          comit_id: HEAD_SHA,
        } as never),
      );
      const violations = takeViolations();

      expect([wrongType.status, missing.status, unknownKey.status]).toEqual([422, 422, 422]);
      expect(violations).toEqual([
        expect.stringContaining("body/comments/0/line must be integer"),
        expect.stringContaining("body/comments/0 must have required property 'path'"),
        expect.stringContaining('unknown key "comit_id"'),
      ]);
      expect(violations[0]).toContain("(pulls/create-review)");
    });

    it("records a request no GitHub operation matches, and a wrongly typed path parameter", async () => {
      const noOperation = await failure(
        octokit.request("GET /repos/{owner}/{repo}/pull/{n}", { owner, repo, n: 1 }),
      );
      const badParam = await failure(
        octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
          owner,
          repo,
          pull_number: "one" as unknown as number,
        }),
      );

      expect([noOperation.status, badParam.status]).toEqual([422, 422]);
      expect(takeViolations()).toEqual([
        `GET /repos/${full}/pull/1: GitHub has no such operation`,
        expect.stringContaining("path/pull_number must be integer"),
      ]);
    });

    it("threads a reply under its review comment", async () => {
      const [first] = sim.reviewsOf(full, 1).comments;

      const { data } = await octokit.rest.pulls.createReplyForReviewComment({
        owner,
        repo,
        pull_number: 1,
        comment_id: first?.id ?? 0,
        body: "Fixed",
      });

      expect(data.in_reply_to_id).toBe(first?.id);
      expect(sim.state.threads.find((t) => t.commentIds.includes(data.id))?.commentIds[0]).toBe(
        first?.id,
      );
    });
  });

  describe("pagination of pull request files", () => {
    it("pages by per_page (at most 100) with Link headers and stops at 3,000 files", async () => {
      sim.seedPullRequest({
        repo: full,
        number: 2,
        base: { ref: "main", sha: BASE_SHA },
        head: { ref: "big", sha: "d".repeat(40) },
        files: Array.from({ length: 3_050 }, (_, i) => oneLineFile(i)),
      });
      const before = sim.requests.length;

      const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
        owner,
        repo,
        pull_number: 2,
        per_page: 100,
      });
      const firstPage = await octokit.rest.pulls.listFiles({ owner, repo, pull_number: 2 });

      expect(files).toHaveLength(3_000);
      expect(new Set(files.map((f) => f.filename)).size).toBe(3_000);
      expect(sim.requests.length - before).toBe(31);
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
      expect(takeViolations()).toEqual([
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

  describe("GraphQL review threads", () => {
    const threadsQuery = `query($owner: String!, $name: String!, $number: Int!, $after: String) {
      repository(owner: $owner, name: $name) { pullRequest(number: $number) {
        reviewThreads(first: 2, after: $after) { nodes { id isResolved comments(first: 10) { nodes { databaseId } } } pageInfo { hasNextPage endCursor } }
      } } }`;
    type Threads = {
      repository: {
        pullRequest: {
          reviewThreads: {
            nodes: {
              id: string;
              isResolved: boolean;
              comments: { nodes: { databaseId: number }[] };
            }[];
            pageInfo: { hasNextPage: boolean; endCursor: string };
          };
        };
      };
    };

    it("pages threads, resolves one and minimizes a comment", async () => {
      const page1 = await octokit.graphql<Threads>(threadsQuery, { owner, name: repo, number: 1 });
      const { endCursor, hasNextPage } = page1.repository.pullRequest.reviewThreads.pageInfo;
      const page2 = await octokit.graphql<Threads>(threadsQuery, {
        owner,
        name: repo,
        number: 1,
        after: endCursor,
      });
      const target = page1.repository.pullRequest.reviewThreads.nodes[0];

      const resolved = await octokit.graphql<{
        resolveReviewThread: { thread: { id: string; isResolved: boolean } };
      }>(
        "mutation($id: ID!) { resolveReviewThread(input: { threadId: $id }) { thread { id isResolved } } }",
        { id: target?.id },
      );
      const comment = sim.state.reviewComments[1];
      await octokit.graphql(
        "mutation($id: ID!) { minimizeComment(input: { subjectId: $id, classifier: OUTDATED }) { minimizedComment { isMinimized } } }",
        { id: comment?.nodeId },
      );

      expect(hasNextPage).toBe(true);
      expect(page1.repository.pullRequest.reviewThreads.nodes).toHaveLength(2);
      expect(page2.repository.pullRequest.reviewThreads.nodes).toHaveLength(1);
      expect(target?.comments.nodes.map((n) => n.databaseId)).toEqual(
        sim.state.threads[0]?.commentIds,
      );
      expect(resolved.resolveReviewThread.thread).toEqual({ id: target?.id, isResolved: true });
      expect(sim.state.threads[0]?.isResolved).toBe(true);
      expect(comment?.minimizedReason).toBe("OUTDATED");
    });

    it("records a query for a field GitHub does not have", async () => {
      const error = await failure(
        octokit.graphql(
          'query { repository(owner: "acme", name: "widgets") { pullRequest(number: 1) { threads { id } } } }',
        ),
      );

      expect(String(error)).toContain("Field 'threads' doesn't exist on type 'PullRequest'");
      expect(takeViolations()).toEqual([expect.stringContaining("Field 'threads' doesn't exist")]);
    });
  });

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
