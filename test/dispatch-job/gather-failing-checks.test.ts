import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { gatherFailingChecks } from "../../src/dispatch-job/gather-failing-checks.ts";
import { octokitCheckRunsReader } from "../../src/github/octokit-check-runs-reader.ts";
import { octokitActionsJobReader } from "../../src/github/octokit-run-reader.ts";
import { createTestProbot } from "../helpers/probot.ts";
import { openTestDb, type TestDatabase, testBackends } from "../helpers/test-db.ts";
import { checkRunInfo, checkRunJson } from "../remediation/check-run-fixtures.ts";

const API = "https://api.github.com";
const REPO = "acme/widgets";
const REPO_ID = 88001;
const SECRET = "operator-webhook-s3cr3t";

describe.each(testBackends())("gatherFailingChecks (%s)", (backend) => {
  let test: TestDatabase;
  let prs = 0;
  const probot = createTestProbot();

  beforeAll(async () => {
    test = await openTestDb(backend);
  });
  afterAll(() => test.cleanup());
  beforeEach(() => {
    nock.disableNetConnect();
    nock(API)
      .persist()
      .post("/app/installations/5/access_tokens")
      .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z", permissions: {} });
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  async function gather(head: string, prNumber: number) {
    const octokit = await probot.auth(5);
    return gatherFailingChecks(
      {
        db: test.db,
        checkRuns: octokitCheckRunsReader(octokit),
        actionsJobs: octokitActionsJobReader(octokit, { secrets: [SECRET] }),
        secrets: [SECRET],
      },
      { owner: "acme", repo: "widgets", repoId: REPO_ID, prNumber },
      head,
    );
  }

  function listing(head: string, runs: ReturnType<typeof checkRunInfo>[]) {
    nock(API)
      .get(`/repos/${REPO}/commits/${head}/check-runs`)
      .query({ filter: "latest", per_page: "100", page: "1" })
      .reply(200, { total_count: runs.length, check_runs: runs.map(checkRunJson) });
  }

  function annotation(n: number) {
    return {
      path: `src/f${n}.ts`,
      start_line: n,
      end_line: n + 1,
      annotation_level: n % 2 ? "failure" : "warning",
      title: n === 1 ? "no-unused-vars" : null,
      message: `problem ${n}`,
      raw_details: null,
    };
  }

  it("gives each failing check its output, its first 50 annotations, and an Actions job's failed steps and log tail", async () => {
    const head = "e".repeat(40);
    const pr = ++prs;
    const lint = checkRunInfo({
      name: "lint",
      conclusion: "failure",
      headSha: head,
      detailsUrl: "https://ci.example.com/lint/1",
      output: { title: "120 problems", summary: `Lint failed (${SECRET})`, annotationsCount: 120 },
    });
    const tests = checkRunInfo({
      name: "test (node 24)",
      appSlug: "github-actions",
      conclusion: "timed_out",
      headSha: head,
      detailsUrl: `https://github.com/${REPO}/actions/runs/55/job/3001`,
    });
    listing(head, [tests, lint, checkRunInfo({ name: "build", headSha: head })]);
    const annotations = nock(API)
      .get(`/repos/${REPO}/check-runs/${lint.id}/annotations`)
      .query({ per_page: "50", page: "1" })
      .reply(
        200,
        Array.from({ length: 50 }, (_, i) => annotation(i + 1)),
      );
    nock(API)
      .get(`/repos/${REPO}/actions/jobs/${tests.id}`)
      .reply(200, {
        id: tests.id,
        name: "test (node 24)",
        html_url: `https://github.com/${REPO}/actions/runs/55/job/3001`,
        conclusion: "failure",
        steps: [
          { name: "Set up job", conclusion: "success", number: 1 },
          { name: "Run npm test", conclusion: "failure", number: 2 },
          { name: "Post", conclusion: "skipped", number: 3 },
        ],
      });
    nock(API)
      .get(`/repos/${REPO}/actions/jobs/${tests.id}/logs`)
      .reply(
        200,
        [
          "2026-01-01T00:00:00.0000000Z npm test",
          `2026-01-01T00:00:01.0000000Z using ${SECRET}`,
          "2026-01-01T00:00:02.0000000Z FAIL test/a.test.ts > adds",
        ].join("\n"),
        { "content-type": "text/plain" },
      );

    const checks = await gather(head, pr);

    expect(annotations.isDone()).toBe(true);
    expect(checks.map((check) => check.name)).toEqual(["lint", "test (node 24)"]);
    const [lintCheck, testCheck] = checks;
    expect(lintCheck).toMatchObject({
      name: "lint",
      conclusion: "failure",
      url: "https://ci.example.com/lint/1",
      title: "120 problems",
      summary: "Lint failed (***)",
      annotations_count: 120,
    });
    expect(lintCheck!.annotations).toHaveLength(50);
    expect(lintCheck!.annotations[0]).toEqual({
      path: "src/f1.ts",
      start_line: 1,
      end_line: 2,
      level: "failure",
      title: "no-unused-vars",
      message: "problem 1",
    });
    expect(testCheck).toMatchObject({
      conclusion: "timed_out",
      failed_steps: ["Run npm test"],
      log_tail: "npm test\nusing ***\nFAIL test/a.test.ts > adds",
      annotations: [],
    });
    expect(JSON.stringify(checks)).not.toContain(SECRET);
  });

  it("says what could not be read and keeps the rest", async () => {
    const head = "f".repeat(40);
    const pr = ++prs;
    const lint = checkRunInfo({
      name: "lint",
      conclusion: "failure",
      headSha: head,
      output: { title: "Lint", summary: "3 problems", annotationsCount: 3 },
    });
    listing(head, [lint]);
    nock(API)
      .get(`/repos/${REPO}/check-runs/${lint.id}/annotations`)
      .query(true)
      .reply(403, { message: "Resource not accessible by integration" });

    const [check] = await gather(head, pr);

    expect(check).toMatchObject({
      name: "lint",
      summary: "3 problems",
      annotations: [],
      read_error: expect.stringContaining("annotations: "),
    });
  });

  it("leaves out the fixer's own run and reviewloop's check run", async () => {
    const head = "9".repeat(40);
    const pr = ++prs;
    await test.db.query(
      `INSERT INTO dispatches (installation_id, repo_id, pr_number, round, attempt, dispatch_id,
         target, status, head_sha, run_id)
       VALUES (5, $1, $2, 1, 1, $3, 'workflow_dispatch', 'failed', $4, 4040)`,
      [REPO_ID, pr, `rl-gather-${backend}-${pr}`, head],
    );
    listing(head, [
      checkRunInfo({
        name: "fix",
        appSlug: "github-actions",
        conclusion: "failure",
        headSha: head,
        detailsUrl: `https://github.com/${REPO}/actions/runs/4040/job/1`,
      }),
      checkRunInfo({
        name: "reviewloop",
        conclusion: "failure",
        headSha: head,
        externalId: `reviewloop:${REPO_ID}#${pr}@${head}/9.0`,
      }),
    ]);

    expect(await gather(head, pr)).toEqual([]);
  });
});
