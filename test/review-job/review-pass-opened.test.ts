import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReviewEngine } from "../../src/engines/review-engine.ts";
import { requestFloor } from "../../src/review-job/request-floor.ts";
import { useMockedGitHub } from "../helpers/mocked-github.ts";
import { testBackends } from "../helpers/test-db.ts";
import {
  COMMENTS_QUERY,
  CONFIG_PATH,
  capture,
  createReviewKit,
  externalIdOf,
  github,
  jobIdOf,
  mockToken,
  ORG_CONFIG_PATH,
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

describe.each(testBackends())("review-job/review pass on pull_request.opened on %s", (backend) => {
  let kit: ReviewKit;

  beforeAll(async () => {
    kit = await createReviewKit(backend);
  });
  afterAll(() => kit.cleanup());
  useMockedGitHub(mockToken);

  describe("with findings of every severity", () => {
    it("posts one review with every inline comment and one check run, then records the pass", async () => {
      const pr = { number: 101, head: sha("a101") };
      const checkCreates: unknown[] = [];
      const checkUpdates: unknown[] = [];
      const reviewBodies: unknown[] = [];
      const scope = withLookups(github(), pr)
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
        .get(`${R}/pulls/101/comments`)
        .query(COMMENTS_QUERY)
        .reply(200, () =>
          (reviewBodies[0] as { comments: { body: string }[] }).comments.map((c, i) => ({
            id: 9001 + i,
            pull_request_review_id: 8001,
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
          external_id: externalIdOf(pr, await jobIdOf(kit, 101)),
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
      expect(withoutJobId(review.body)).toMatchInlineSnapshot(`
        "<!-- reviewloop:pass 186853002#101@a101000000000000000000000000000000000000 job:<id> -->

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

        Reviewed 1 of 1 changed file.

        **LLM review:** off — no provider configured (\`REVIEWLOOP_LLM_PROVIDER\`)"
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
          "<sub>GitHub API requests this pass: 9 (GET 6, PATCH 1, POST 2).</sub>",
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
          github_requests: 9,
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

  describe("with 0 changed files", () => {
    it("posts a COMMENT review saying there is nothing to review and a successful check run", async () => {
      const pr = { number: 102, head: sha("a102") };
      const reviewBodies: unknown[] = [];
      const checkUpdates: unknown[] = [];
      const scope = withLookups(github(), pr)
        .get(`${R}/pulls/102`)
        .reply(200, pullJson(pr))
        .get(CONFIG_PATH)
        .reply(200, CONFIG)
        .post(`${R}/check-runs`)
        .reply(201, { id: 7002 })
        .get(`${R}/pulls/102/files`)
        .query(true)
        .reply(200, [])
        .post(`${R}/pulls/102/reviews`, capture(reviewBodies))
        .reply(200, { id: 8002, html_url: "https://github.com/r/pull/102" })
        .patch(`${R}/check-runs/7002`, capture(checkUpdates))
        .reply(200, {});

      await kit.receive("pull_request", prPayload("opened", pr));
      const reports = await kit.runJobs();

      expect(reports.map((r) => r.outcome)).toEqual(["done"]);
      expect(scope.isDone()).toBe(true);
      const review = reviewBodies[0] as { event: string; body: string; comments: unknown[] };
      expect(review.event).toBe("COMMENT");
      expect(review.comments).toEqual([]);
      expect(withoutJobId(review.body)).toMatchInlineSnapshot(`
        "<!-- reviewloop:pass 186853002#102@a102000000000000000000000000000000000000 job:<id> -->

        ### ✅ reviewloop: no findings

        Nothing blocks (blocking: critical and above). Commits \`ba5e000..a102000\` (full review).

        | 🔴 Critical | 🟡 Warning | 🔵 Info |
        | ---: | ---: | ---: |
        | 0 | 0 | 0 |

        #### Coverage

        Reviewed 0 of 0 changed files.

        **LLM review:** off — no provider configured (\`REVIEWLOOP_LLM_PROVIDER\`)"
      `);
      expect(checkUpdates[0]).toMatchObject({
        conclusion: "success",
        output: { title: "No findings", annotations: [] },
      });
    });
  });

  describe("with only binary files", () => {
    it("lists them as skipped, and reports the added one in the body (no line to comment on)", async () => {
      const pr = { number: 103, head: sha("a103") };
      const reviewBodies: unknown[] = [];
      const scope = withLookups(github(), pr)
        .get(`${R}/pulls/103`)
        .reply(200, pullJson(pr))
        .get(CONFIG_PATH)
        .reply(200, CONFIG)
        .post(`${R}/check-runs`)
        .reply(201, { id: 7003 })
        .get(`${R}/pulls/103/files`)
        .query(true)
        .reply(200, [
          { filename: "assets/logo.png", status: "added", additions: 0, deletions: 0, changes: 0 },
          {
            filename: "assets/old.bin",
            status: "modified",
            additions: 0,
            deletions: 0,
            changes: 0,
          },
        ])
        .post(`${R}/pulls/103/reviews`, capture(reviewBodies))
        .reply(200, { id: 8003, html_url: "https://github.com/r/pull/103" })
        .patch(
          `${R}/check-runs/7003`,
          (body: { conclusion?: string }) => body.conclusion === "neutral",
        )
        .reply(200, {});

      await kit.receive("pull_request", prPayload("opened", pr));
      await kit.runJobs();

      expect(scope.isDone()).toBe(true);
      const review = reviewBodies[0] as { event: string; body: string };
      expect(review.event).toBe("COMMENT");
      expect(withoutJobId(review.body)).toMatchInlineSnapshot(`
        "<!-- reviewloop:pass 186853002#103@a103000000000000000000000000000000000000 job:<id> -->

        ### 💬 reviewloop: no blocking findings

        Nothing blocks (blocking: critical and above). Commits \`ba5e000..a103000\` (full review).

        | 🔴 Critical | 🟡 Warning | 🔵 Info |
        | ---: | ---: | ---: |
        | 0 | 1 | 0 |

        #### Findings

        | ID | severity | where | finding | shown |
        | --- | --- | --- | --- | --- |
        | F1 | 🟡 Warning | \`assets/logo.png:1\` | Binary file added | summary |

        #### Not posted inline

        These are outside the diff (GitHub accepts no comment there) or beyond the inline-comment limit.

        **F1** · 🟡 Warning · maintainability · \`assets/logo.png:1\` — **Binary file added**

        This change adds a binary file. Large and binary files bloat every clone of the repository for good and cannot be reviewed line by line. Prefer Git LFS, a release asset or an artifact store, or generate the file during the build.

        #### Coverage

        Reviewed 0 of 2 changed files; 2 skipped (listed below).

        **LLM review:** off — no provider configured (\`REVIEWLOOP_LLM_PROVIDER\`)

        **Skipped files (2)**

        - \`assets/logo.png\` — binary file
        - \`assets/old.bin\` — binary file"
      `);
    });
  });

  describe("with 150 files and 150 findings", () => {
    it("makes exactly the request floor: config, 2 list pages, 2 lookups, 1 review, 1 create, 3 updates", async () => {
      const pr = { number: 104, head: sha("a104") };
      const files = Array.from({ length: 150 }, (_, i) => ({
        filename: `src/f${String(i).padStart(3, "0")}.ts`,
        status: "added",
        additions: 1,
        deletions: 0,
        changes: 1,
        patch: "@@ -0,0 +1 @@\n+// TODO: later",
      }));
      const checkUpdates: {
        output: { annotations: unknown[]; summary: string };
        status?: string;
      }[] = [];
      const reviewBodies: { comments: { body: string }[] }[] = [];
      const next = `<https://api.github.com${R}/pulls/104/files?per_page=100&page=2>; rel="next"`;
      const scope = withLookups(github(), pr)
        .get(`${R}/pulls/104`)
        .reply(200, pullJson(pr))
        .get(CONFIG_PATH)
        .reply(200, CONFIG)
        .post(`${R}/check-runs`)
        .reply(201, { id: 7004 })
        .get(`${R}/pulls/104/files`)
        .query({ per_page: 100 })
        .reply(200, files.slice(0, 100), { link: next })
        .get(`${R}/pulls/104/files`)
        .query({ per_page: 100, page: 2 })
        .reply(200, files.slice(100))
        .post(`${R}/pulls/104/reviews`, capture(reviewBodies))
        .reply(200, { id: 8004, html_url: "https://github.com/r/pull/104" })
        .get(`${R}/pulls/104/comments`)
        .query(COMMENTS_QUERY)
        .reply(200, () =>
          reviewBodies[0]!.comments.map((c, i) => ({
            id: 9400 + i,
            pull_request_review_id: 8004,
            html_url: `u${i}`,
            body: c.body,
          })),
        )
        .patch(`${R}/check-runs/7004`, capture(checkUpdates))
        .times(3)
        .reply(200, {});

      await kit.receive("pull_request", prPayload("opened", pr));
      await kit.runJobs();

      expect(scope.isDone()).toBe(true);
      const floor = requestFloor({
        files: 150,
        annotations: 150,
        newInlineComments: 50,
        configReads: 1,
        incremental: false,
      });
      // 10 requests, plus the check-run and review lookups every pass makes before it posts.
      expect(floor).toBe(12);
      expect(reviewBodies[0]!.comments).toHaveLength(50);
      expect(checkUpdates.map((u) => [u.status, u.output.annotations.length])).toEqual([
        [undefined, 50],
        [undefined, 50],
        ["completed", 50],
      ]);
      expect(checkUpdates[2]!.output.summary).toContain(
        `GitHub API requests this pass: ${floor} (GET 7, PATCH 3, POST 2).`,
      );
      expect(await rows(kit, "SELECT github_requests FROM reviews WHERE pr_number = 104")).toEqual([
        { github_requests: floor },
      ]);
    });
  });

  describe("without a config file in the repository", () => {
    it("reads the org .github fallback, then reviews with the defaults", async () => {
      const pr = { number: 105, head: sha("a105") };
      const scope = withLookups(github(), pr)
        .get(`${R}/pulls/105`)
        .reply(200, pullJson(pr))
        .get(CONFIG_PATH)
        .reply(404, { message: "Not Found" })
        .get(ORG_CONFIG_PATH)
        .reply(404, { message: "Not Found" })
        .post(`${R}/check-runs`)
        .reply(201, { id: 7005 })
        .get(`${R}/pulls/105/files`)
        .query(true)
        .reply(200, [])
        .post(`${R}/pulls/105/reviews`)
        .reply(200, { id: 8005, html_url: "u" })
        .patch(`${R}/check-runs/7005`)
        .reply(200, {});

      await kit.receive("pull_request", prPayload("opened", pr));
      await kit.runJobs();

      expect(scope.isDone()).toBe(true);
      expect(await rows(kit, "SELECT github_requests FROM reviews WHERE pr_number = 105")).toEqual([
        {
          github_requests: requestFloor({
            files: 0,
            annotations: 0,
            newInlineComments: 0,
            configReads: 2,
            incremental: false,
          }),
        },
      ]);
    });
  });
});

describe.each(testBackends())(
  "review-job/review pass with a finding on a deleted line on %s",
  (backend) => {
    const leftEngine: ReviewEngine = {
      name: "test",
      isEnabled: () => true,
      review: async () => ({
        findings: [
          {
            ruleId: "test/removed-check",
            engine: "test",
            severity: "warning",
            category: "bugs",
            path: "src/auth.ts",
            line: 2,
            side: "LEFT",
            title: "Removed permission check",
            body: "The deleted line checked permissions; nothing replaces it.",
          },
        ],
        skipped: [],
        errors: [],
      }),
    };
    let kit: ReviewKit;

    beforeAll(async () => {
      kit = await createReviewKit(backend, { engines: [leftEngine] });
    });
    afterAll(() => kit.cleanup());
    useMockedGitHub(mockToken);

    it("comments on the LEFT side in old numbering and leaves it out of the annotations", async () => {
      const pr = { number: 106, head: sha("a106") };
      const reviewBodies: { comments: unknown[] }[] = [];
      const checkUpdates: { output: { annotations: unknown[] } }[] = [];
      const scope = withLookups(github(), pr)
        .get(`${R}/pulls/106`)
        .reply(200, pullJson(pr))
        .get(CONFIG_PATH)
        .reply(200, CONFIG)
        .post(`${R}/check-runs`)
        .reply(201, { id: 7006 })
        .get(`${R}/pulls/106/files`)
        .query(true)
        .reply(200, [
          {
            filename: "src/auth.ts",
            status: "modified",
            additions: 0,
            deletions: 1,
            changes: 1,
            patch:
              "@@ -1,3 +1,2 @@\n export function handle(user) {\n-  requirePermission(user);\n   return run(user);",
          },
        ])
        .post(`${R}/pulls/106/reviews`, capture(reviewBodies))
        .reply(200, { id: 8006, html_url: "u" })
        .get(`${R}/pulls/106/comments`)
        .query(COMMENTS_QUERY)
        .reply(200, [])
        .patch(`${R}/check-runs/7006`, capture(checkUpdates))
        .reply(200, {});

      await kit.receive("pull_request", prPayload("opened", pr));
      await kit.runJobs();

      expect(scope.isDone()).toBe(true);
      expect(reviewBodies[0]!.comments).toEqual([
        expect.objectContaining({ path: "src/auth.ts", line: 2, side: "LEFT" }),
      ]);
      expect(checkUpdates[0]!.output.annotations).toEqual([]);
    });
  },
);

describe.each(testBackends())("review-job/review pass in dry run on %s", (backend) => {
  let kit: ReviewKit;

  beforeAll(async () => {
    kit = await createReviewKit(backend, { dryRun: true });
  });
  afterAll(() => kit.cleanup());
  useMockedGitHub(mockToken);

  it("reads from GitHub but logs every mutation as Would … with its full request", async () => {
    const pr = { number: 107, head: sha("a107") };
    const scope = withLookups(github(), pr)
      .get(`${R}/pulls/107`)
      .reply(200, pullJson(pr))
      .get(CONFIG_PATH)
      .reply(200, CONFIG)
      .get(`${R}/pulls/107/files`)
      .query(true)
      .reply(200, [APP_FILE]);

    await kit.receive("pull_request", prPayload("opened", pr));
    const reports = await kit.runJobs();

    expect(reports.map((r) => r.outcome)).toEqual(["done"]);
    expect(scope.isDone()).toBe(true);
    const would = kit.logs.filter((l) => String(l.msg).startsWith("Would"));
    expect(would.map((l) => l.msg)).toEqual([
      "Would create check run",
      "Would post review",
      "Would update check run",
    ]);
    expect(would[1]!.request).toMatchObject({
      commit_id: pr.head,
      event: "REQUEST_CHANGES",
      comments: [expect.anything(), expect.anything(), expect.anything()],
    });
    expect(would[2]!.request).toMatchObject({ status: "completed", conclusion: "failure" });
  });
});
