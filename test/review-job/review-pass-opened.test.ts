import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
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
} from "./review-kit.ts";

const CONFIG = "engines:\n  builtin:\n    rules:\n      missing-tests: false\n";
const APP_PATCH = [
  "@@ -1,3 +1,10 @@",
  " export function main() {",
  '+  console.log("debug");',
  "+<<<<<<< HEAD",
  "+  return 2;",
  "+=======",
  "+  return 3;",
  "+>>>>>>> feature",
  "+  // TODO: tidy",
  "   return 1;",
  " }",
].join("\n");
const APP_FILE = {
  filename: "src/app.ts",
  status: "modified",
  additions: 7,
  deletions: 0,
  changes: 7,
  patch: APP_PATCH,
};

describe("review-job/review pass on pull_request.opened", () => {
  let kit: ReviewKit;

  beforeAll(async () => {
    kit = await createReviewKit();
  });
  afterAll(() => kit.cleanup());
  beforeEach(() => {
    nock.disableNetConnect();
    mockToken();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  describe("with findings of every severity", () => {
    it("posts one review with every inline comment and one check run, then records the pass", async () => {
      const pr = { number: 101, head: sha("a101") };
      const checkCreates: unknown[] = [];
      const checkUpdates: unknown[] = [];
      const reviewBodies: unknown[] = [];
      const scope = github()
        .get(`${R}/pulls/101`)
        .reply(200, pullJson(pr))
        .get(CONFIG_PATH)
        .reply(200, CONFIG, { "content-type": "text/plain" })
        .post(`${R}/check-runs`, capture(checkCreates))
        .reply(201, { id: 7001 })
        .get(`${R}/pulls/101/files`)
        .query({ per_page: 100 })
        .reply(200, [APP_FILE])
        .post(`${R}/pulls/101/reviews`, capture(reviewBodies))
        .reply(200, { id: 8001, html_url: "https://github.com/r/pull/101#pullrequestreview-8001" })
        .get(`${R}/pulls/101/reviews/8001/comments`)
        .query({ per_page: 100 })
        .reply(200, () =>
          (reviewBodies[0] as { comments: { body: string }[] }).comments.map((c, i) => ({
            id: 9001 + i,
            html_url: `https://github.com/r/pull/101#discussion_r${9001 + i}`,
            body: c.body,
          })),
        )
        .patch(`${R}/check-runs/7001`, capture(checkUpdates))
        .reply(200, { id: 7001 });

      await kit.receive("pull_request", prPayload("opened", pr));
      const reports = await kit.runJobs();

      expect(reports.map((r) => [r.outcome, String(r.error)])).toEqual([["done", "undefined"]]);
      expect(scope.isDone()).toBe(true);
      expect(checkCreates).toEqual([
        {
          name: "reviewloop",
          head_sha: pr.head,
          external_id: `reviewloop:186853002#101@${pr.head}`,
          status: "in_progress",
          started_at: expect.any(String),
          output: { title: "Reviewing…", summary: "reviewloop is reviewing `a101000` (opened)." },
        },
      ]);
      const review = reviewBodies[0] as {
        commit_id: string;
        event: string;
        body: string;
        comments: unknown[];
      };
      expect(review.commit_id).toBe(pr.head);
      expect(review.event).toBe("REQUEST_CHANGES");
      expect(review.comments).toMatchInlineSnapshot(`
        [
          {
            "body": "**🟡 Warning** · style · \`F1\`

        **Debug leftover: \`console.log\`**

        This line adds a \`console.log\`, which looks like debugging code left behind. Remove it, or use the project's logger if the output is meant to stay.

        <!-- reviewloop:finding c4e279d3a1e3ae6d -->",
            "line": 2,
            "path": "src/app.ts",
            "side": "RIGHT",
          },
          {
            "body": "**🔴 Critical** · bugs · \`F2\`

        **Unresolved merge conflict markers**

        This change adds merge conflict markers (lines 3, 5, 7). The file will not compile or will behave unexpectedly as committed. Resolve the conflict: keep the intended side, then delete every \`<<<<<<<\`, \`|||||||\`, \`=======\` and \`>>>>>>>\` line.

        <!-- reviewloop:finding 372e00a935c7f7c8 -->",
            "line": 3,
            "path": "src/app.ts",
            "side": "RIGHT",
          },
          {
            "body": "**🔵 Info** · maintainability · \`F3\`

        **TODO comment added**

        This change adds a TODO comment on line 8. Finish the work in this pull request, or track it in an issue and link it from the comment.

        <!-- reviewloop:finding 5b15ffab02bb769e -->",
            "line": 8,
            "path": "src/app.ts",
            "side": "RIGHT",
          },
        ]
      `);
      expect(review.body).toMatchInlineSnapshot(`
        "<!-- reviewloop:pass 186853002#101@a101000000000000000000000000000000000000 -->

        ### ❌ reviewloop: changes requested

        **1 blocking finding** (critical and above). Commits \`ba5e000..a101000\` (full review).

        | 🔴 Critical | 🟡 Warning | 🔵 Info |
        | ---: | ---: | ---: |
        | 1 | 1 | 1 |

        #### Findings

        | ID | severity | where | finding | shown |
        | --- | --- | --- | --- | --- |
        | F1 | 🟡 Warning | \`src/app.ts:2\` | Debug leftover: \`console.log\` | inline |
        | F2 | 🔴 Critical | \`src/app.ts:3\` | Unresolved merge conflict markers | inline |
        | F3 | 🔵 Info | \`src/app.ts:8\` | TODO comment added | inline |

        #### Coverage

        Reviewed 1 of 1 changed file."
      `);
      const update = checkUpdates[0] as {
        status: string;
        conclusion: string;
        output: { title: string; summary: string; annotations: unknown[] };
      };
      expect(update.status).toBe("completed");
      expect(update.conclusion).toBe("failure");
      expect(update.output.title).toBe("1 blocking finding of 3");
      expect(update.output.annotations).toMatchInlineSnapshot(`
        [
          {
            "annotation_level": "warning",
            "end_line": 2,
            "message": "This line adds a \`console.log\`, which looks like debugging code left behind. Remove it, or use the project's logger if the output is meant to stay.",
            "path": "src/app.ts",
            "start_line": 2,
            "title": "F1: Debug leftover: \`console.log\`",
          },
          {
            "annotation_level": "failure",
            "end_line": 3,
            "message": "This change adds merge conflict markers (lines 3, 5, 7). The file will not compile or will behave unexpectedly as committed. Resolve the conflict: keep the intended side, then delete every \`<<<<<<<\`, \`|||||||\`, \`=======\` and \`>>>>>>>\` line.",
            "path": "src/app.ts",
            "start_line": 3,
            "title": "F2: Unresolved merge conflict markers",
          },
          {
            "annotation_level": "notice",
            "end_line": 8,
            "message": "This change adds a TODO comment on line 8. Finish the work in this pull request, or track it in an issue and link it from the comment.",
            "path": "src/app.ts",
            "start_line": 8,
            "title": "F3: TODO comment added",
          },
        ]
      `);
      expect(
        update.output.summary.endsWith(
          "<sub>GitHub API requests this pass: 7 (GET 4, PATCH 1, POST 2).</sub>",
        ),
      ).toBe(true);
      expect(
        await rows(
          kit,
          "SELECT mode, verdict, conclusion, github_requests, review_id, check_run_id, base_sha, head_sha FROM reviews WHERE pr_number = 101",
        ),
      ).toEqual([
        {
          mode: "full",
          verdict: "request_changes",
          conclusion: "failure",
          github_requests: 7,
          review_id: 8001,
          check_run_id: 7001,
          base_sha: sha("ba5e"),
          head_sha: pr.head,
        },
      ]);
      expect(
        await rows(
          kit,
          "SELECT short_id, rule_id, status, comment_id FROM findings WHERE pr_number = 101 ORDER BY short_id",
        ),
      ).toEqual([
        { short_id: "F1", rule_id: "debug-leftover", status: "open", comment_id: 9001 },
        { short_id: "F2", rule_id: "conflict-marker", status: "open", comment_id: 9002 },
        { short_id: "F3", rule_id: "todo-comment", status: "open", comment_id: 9003 },
      ]);
      expect(
        await rows(
          kit,
          "SELECT state->>'lastReviewedSha' AS last, status FROM loops WHERE pr_number = 101",
        ),
      ).toEqual([{ last: pr.head, status: "idle" }]);
    });
  });
});
