import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestFloor } from "../../src/review-job/request-floor.ts";
import { useMockedGitHub } from "../helpers/mocked-github.ts";
import { testBackends } from "../helpers/test-db.ts";
import {
  COMMENTS_QUERY,
  CONFIG_PATH,
  capture,
  createReviewKit,
  github,
  mockToken,
  prPayload,
  pullJson,
  R,
  type ReviewKit,
  rows,
  sha,
  withLookups,
  withoutJobId,
} from "./review-kit.ts";

const CONFIG = "engines:\n  builtin:\n    rules:\n      missing-tests: false\n";
const PR = 201;
const H1 = sha("b1");
const H2 = sha("b2");
const H3 = sha("b3");

const OTHER = {
  filename: "src/other.ts",
  status: "added",
  additions: 1,
  deletions: 0,
  changes: 1,
  patch: "@@ -0,0 +1 @@\n+// TODO: other",
};
const FILES_H1 = [
  {
    filename: "src/app.ts",
    status: "modified",
    additions: 3,
    deletions: 0,
    changes: 3,
    patch:
      '@@ -1,2 +1,5 @@\n export function main() {\n+  console.log("debug");\n+  // TODO: tidy\n+  return 2;\n }',
  },
  OTHER,
];
// The push: the console.log is gone (F1 fixed), a second TODO is added.
const COMPARE_H1_H2 = [
  {
    filename: "src/app.ts",
    status: "modified",
    additions: 1,
    deletions: 1,
    changes: 2,
    patch:
      '@@ -1,5 +1,5 @@\n export function main() {\n-  console.log("debug");\n   // TODO: tidy\n   return 2;\n+  // TODO: second\n }',
  },
];
const FILES_H2 = [
  {
    filename: "src/app.ts",
    status: "modified",
    additions: 3,
    deletions: 0,
    changes: 3,
    patch:
      "@@ -1,2 +1,5 @@\n export function main() {\n+  // TODO: tidy\n+  return 2;\n+  // TODO: second\n }",
  },
  OTHER,
];
// After the force-push the second TODO is gone again.
const FILES_H3 = [
  {
    filename: "src/app.ts",
    status: "modified",
    additions: 2,
    deletions: 0,
    changes: 2,
    patch: "@@ -1,2 +1,4 @@\n export function main() {\n+  // TODO: tidy\n+  return 2;\n }",
  },
  OTHER,
];

interface ReviewBody {
  event: string;
  body: string;
  comments: { path: string; line: number; body: string }[];
}

/** Review comments as GitHub lists them back: ids from `first`, bodies as posted. */
function commentsOf(review: ReviewBody, first: number, reviewId: number) {
  return review.comments.map((c, i) => ({
    id: first + i,
    pull_request_review_id: reviewId,
    html_url: `https://github.com/${"Codertocat/Hello-World"}/pull/201#discussion_r${first + i}`,
    body: c.body,
  }));
}

function threadsReply(commentIds: number[], resolved: number[] = []) {
  return {
    data: {
      repository: {
        pullRequest: {
          reviewThreads: {
            nodes: commentIds.map((id) => ({
              id: `PRRT_${id}`,
              isResolved: resolved.includes(id),
              comments: { nodes: [{ databaseId: id }] },
            })),
            pageInfo: { hasNextPage: false, endCursor: null },
          },
        },
      },
    },
  };
}

describe.each(testBackends())("review-job/review pass across pushes on %s", (backend) => {
  let kit: ReviewKit;
  const reviews: ReviewBody[] = [];
  const graphql: { query: string; variables: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    kit = await createReviewKit(backend);
  });
  afterAll(() => kit.cleanup());
  useMockedGitHub(mockToken);

  it("reviews the opened pull request in full", async () => {
    const scope = withLookups(github(), { number: PR, head: H1 })
      .get(`${R}/pulls/${PR}`)
      .reply(200, pullJson({ number: PR, head: H1 }))
      .get(CONFIG_PATH)
      .reply(200, CONFIG)
      .post(`${R}/check-runs`)
      .reply(201, { id: 7201 })
      .get(`${R}/pulls/${PR}/files`)
      .query(true)
      .reply(200, FILES_H1)
      .post(`${R}/pulls/${PR}/reviews`, capture(reviews))
      .reply(200, { id: 8201, html_url: "u" })
      .get(`${R}/pulls/${PR}/comments`)
      .query(COMMENTS_QUERY)
      .reply(200, () => commentsOf(reviews[0]!, 9101, 8201))
      .patch(`${R}/check-runs/7201`)
      .reply(200, {});

    await kit.receive("pull_request", prPayload("opened", { number: PR, head: H1 }));
    await kit.runJobs();

    expect(scope.isDone()).toBe(true);
    expect(reviews[0]!.comments.map((c) => `${c.path}:${c.line}`)).toEqual([
      "src/app.ts:2",
      "src/app.ts:3",
      "src/other.ts:1",
    ]);
  });

  describe("after a push on top of the reviewed head", () => {
    it("reviews only what changed, comments only the new finding, and resolves the fixed one's thread", async () => {
      const checkUpdates: { output: { summary: string; annotations: unknown[] } }[] = [];
      const scope = withLookups(github(), { number: PR, head: H2 })
        .get(`${R}/pulls/${PR}`)
        .reply(200, pullJson({ number: PR, head: H2 }))
        .get(CONFIG_PATH)
        .reply(200, CONFIG)
        .post(`${R}/check-runs`)
        .reply(201, { id: 7202 })
        .get(`${R}/compare/${H1}...${H2}`)
        .reply(200, { status: "ahead", files: COMPARE_H1_H2 })
        .get(`${R}/pulls/${PR}/files`)
        .query(true)
        .reply(200, FILES_H2)
        .post(`${R}/pulls/${PR}/reviews`, capture(reviews))
        .reply(200, { id: 8202, html_url: "u" })
        .get(`${R}/pulls/${PR}/comments`)
        .query(COMMENTS_QUERY)
        .reply(200, () => commentsOf(reviews[1]!, 9201, 8202))
        .post("/graphql", capture(graphql))
        .reply(200, threadsReply([9101, 9102, 9103]))
        .post("/graphql", capture(graphql))
        .reply(200, {
          data: { resolveReviewThread: { thread: { id: "PRRT_9101", isResolved: true } } },
        })
        .patch(`${R}/check-runs/7202`, capture(checkUpdates))
        .reply(200, {});

      await kit.receive("pull_request", {
        ...prPayload("synchronize", { number: PR, head: H2 }),
        before: H1,
        after: H2,
      });
      await kit.runJobs();

      expect(scope.isDone()).toBe(true);
      const review = reviews[1]!;
      expect(review.event).toBe("COMMENT");
      expect(review.comments.map((c) => `${c.path}:${c.line}`)).toEqual(["src/app.ts:4"]);
      expect(review.comments[0]!.body).toContain("`F4`");
      expect(withoutJobId(review.body)).toMatchInlineSnapshot(`
        "<!-- reviewloop:pass 186853002#201@b200000000000000000000000000000000000000 job:<id> -->

        ### 💬 reviewloop: no blocking findings

        Nothing blocks (blocking: critical and above). Commits \`b100000..b200000\` (incremental: only what changed since the last pass).

        | 🔴 Critical | 🟡 Warning | 🔵 Info |
        | ---: | ---: | ---: |
        | 0 | 0 | 3 |

        #### Findings

        | ID | severity | where | finding | shown |
        | --- | --- | --- | --- | --- |
        | F2 | 🔵 Info | [\`src/app.ts:2\`](https://github.com/Codertocat/Hello-World/pull/201#discussion_r9102) | TODO comment added | inline |
        | F4 | 🔵 Info | \`src/app.ts:4\` | TODO comment added | inline |
        | F3 | 🔵 Info | [\`src/other.ts:1\`](https://github.com/Codertocat/Hello-World/pull/201#discussion_r9103) | TODO comment added | inline |

        #### Coverage

        Reviewed 1 of 2 changed files; 1 skipped (listed below).

        **LLM review:** off — no provider configured (\`REVIEWLOOP_LLM_PROVIDER\`)

        **Skipped files (1)**

        - \`src/other.ts\` — unchanged since b100000 (incremental pass)

        **Resolved since the last pass (1)**

        - F1 \`src/app.ts:2\` — Debug leftover: \`console.log\`"
      `);
      expect(graphql[1]).toEqual({
        query: expect.stringContaining("resolveReviewThread"),
        variables: { threadId: "PRRT_9101" },
      });
      expect(checkUpdates[0]!.output.annotations).toHaveLength(3);
      const floor = requestFloor({
        files: 2,
        annotations: 3,
        newInlineComments: 1,
        configReads: 1,
        incremental: true,
        resolve: { threadsOnPr: 3, threads: 1 },
      });
      expect(checkUpdates[0]!.output.summary).toContain(`GitHub API requests this pass: ${floor} `);
      expect(
        await rows(
          kit,
          "SELECT short_id, status, line, comment_id, thread_resolved_at IS NOT NULL AS thread_resolved FROM findings WHERE pr_number = $1 ORDER BY short_id",
          [PR],
        ),
      ).toEqual([
        { short_id: "F1", status: "resolved", line: 2, comment_id: 9101, thread_resolved: true },
        { short_id: "F2", status: "open", line: 2, comment_id: 9102, thread_resolved: false },
        { short_id: "F3", status: "open", line: 1, comment_id: 9103, thread_resolved: false },
        { short_id: "F4", status: "open", line: 4, comment_id: 9201, thread_resolved: false },
      ]);
      expect(
        await rows(
          kit,
          "SELECT mode, base_sha FROM reviews WHERE pr_number = $1 AND head_sha = $2",
          [PR, H2],
        ),
      ).toEqual([{ mode: "incremental", base_sha: H1 }]);
    });
  });

  describe("after a force-push", () => {
    it("reviews the whole pull request again and resolves what disappeared", async () => {
      const scope = withLookups(github(), { number: PR, head: H3 })
        .get(`${R}/pulls/${PR}`)
        .reply(200, pullJson({ number: PR, head: H3 }))
        .get(CONFIG_PATH)
        .reply(200, CONFIG)
        .post(`${R}/check-runs`)
        .reply(201, { id: 7203 })
        .get(`${R}/compare/${H2}...${H3}`)
        .reply(200, { status: "diverged", files: [] })
        .get(`${R}/pulls/${PR}/files`)
        .query(true)
        .reply(200, FILES_H3)
        .post(`${R}/pulls/${PR}/reviews`, capture(reviews))
        .reply(200, { id: 8203, html_url: "u" })
        .post("/graphql", capture(graphql))
        .reply(200, threadsReply([9101, 9102, 9103, 9201], [9101]))
        .post("/graphql", capture(graphql))
        .reply(200, {
          data: { resolveReviewThread: { thread: { id: "PRRT_9201", isResolved: true } } },
        })
        .patch(`${R}/check-runs/7203`)
        .reply(200, {});

      await kit.receive("pull_request", {
        ...prPayload("synchronize", { number: PR, head: H3 }),
        before: H2,
        after: H3,
      });
      await kit.runJobs();

      expect(scope.isDone()).toBe(true);
      const review = reviews[2]!;
      expect(review.comments).toEqual([]);
      expect(review.body).toContain("Commits `ba5e000..b300000` (full review)");
      expect(graphql[3]!.variables).toEqual({ threadId: "PRRT_9201" });
      expect(
        await rows(
          kit,
          "SELECT short_id, status FROM findings WHERE pr_number = $1 ORDER BY short_id",
          [PR],
        ),
      ).toEqual([
        { short_id: "F1", status: "resolved" },
        { short_id: "F2", status: "open" },
        { short_id: "F3", status: "open" },
        { short_id: "F4", status: "resolved" },
      ]);
    });
  });
});
