import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { GitHubSimulator } from "./create-simulator.ts";
import { HEAD_SHA, NEXT_SHA } from "./fixtures.ts";
import { ANCHOR_ERRORS } from "./review-anchors.ts";
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

describe("e2e/github-simulator reviews", () => {
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
      const violations = sim.violations.splice(0);

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
      expect(sim.violations.splice(0)).toEqual([
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

    it("changes nothing when the mutation's request is faulted", async () => {
      const thread = sim.state.threads[1];
      sim.failNext({ method: "POST", path: "/api/graphql", status: 502 });

      const error = await failure(
        octokit.graphql(
          "mutation($id: ID!) { resolveReviewThread(input: { threadId: $id }) { thread { isResolved } } }",
          { id: thread?.id },
        ),
      );

      expect(error.status).toBe(502);
      expect(thread?.isResolved).toBe(false);
    });

    it("records a query for a field GitHub does not have", async () => {
      const error = await failure(
        octokit.graphql(
          'query { repository(owner: "acme", name: "widgets") { pullRequest(number: 1) { threads { id } } } }',
        ),
      );

      expect(String(error)).toContain("Field 'threads' doesn't exist on type 'PullRequest'");
      expect(sim.violations.splice(0)).toEqual([
        expect.stringContaining("Field 'threads' doesn't exist"),
      ]);
    });
  });
});
