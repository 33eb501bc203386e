import { pino } from "pino";
import { ProbotOctokit } from "probot";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { requestFloor } from "../../src/review-job/request-floor.ts";
import { type RunningApp, startApp } from "../../src/server/start-app.ts";
import { TEST_WEBHOOK_SECRET, testEnv, testStore } from "../helpers/start-test-app.ts";
import { testBackends } from "../helpers/test-db.ts";
import {
  createGitHubSimulator,
  filesFromDiff,
  type GitHubSimulator,
  pullRequestPayload,
  sendWebhook,
} from "./github-simulator/index.ts";

const REPO = "acme/app";
const BASE = "a".repeat(40);
const H1 = "1".repeat(40);
const H2 = "2".repeat(40);
const CONFIG = "engines:\n  builtin:\n    rules:\n      missing-tests: false\n";

function diff(hunk: string): string {
  return `diff --git a/src/app.ts b/src/app.ts
index 1111111..2222222 100644
--- a/src/app.ts
+++ b/src/app.ts
${hunk}
`;
}

const OPENED = diff(`@@ -1,2 +1,5 @@
 export function main() {
+  console.log("debug");
+  // TODO: tidy
+  return 2;
 }`);
// The push removes the console.log and adds a second TODO.
const PUSHED = diff(`@@ -1,2 +1,5 @@
 export function main() {
+  // TODO: tidy
+  return 2;
+  // TODO: second
 }`);
const PUSH_ONLY = diff(`@@ -1,5 +1,5 @@
 export function main() {
-  console.log("debug");
   // TODO: tidy
   return 2;
+  // TODO: second
 }`);

async function waitFor(what: string, done: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.each(testBackends())("e2e/review pass through the GitHub simulator (%s)", (backend) => {
  let sim: GitHubSimulator;
  let app: RunningApp;
  const store = testStore(backend);

  beforeAll(async () => {
    sim = await createGitHubSimulator();
    sim.seedRepo({ owner: "acme", name: "app", installationId: 42 });
    sim.seedConfig(REPO, CONFIG);
    sim.seedPullRequest({
      repo: REPO,
      number: 1,
      author: "alice",
      base: { ref: "main", sha: BASE },
      head: { ref: "feature", sha: H1 },
      files: filesFromDiff(OPENED),
    });
    app = await startApp(testEnv({ GHE_HOST: sim.gheHost, GHE_PROTOCOL: "http" }), {
      port: 0,
      log: pino({ level: "silent" }),
      openStore: store.openStore,
      pollMs: 20,
      Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
        ...options,
        retry: { enabled: false },
        throttle: { enabled: false },
      })),
    });
  });
  afterAll(async () => {
    await app?.stop();
    await sim.close();
    await store.cleanup();
  });
  afterEach(() => {
    expect(sim.violations.splice(0)).toEqual([]);
  });

  async function requestsOf(head: string): Promise<number | undefined> {
    const { rows } = await app.db.query<{ n: number }>(
      "SELECT github_requests AS n FROM reviews WHERE head_sha = $1",
      [head],
    );
    return rows[0]?.n;
  }

  async function lastReviewed(): Promise<string | null> {
    const { rows } = await app.db.query<{ last: string | null }>(
      "SELECT state->>'lastReviewedSha' AS last FROM loops WHERE pr_number = 1",
    );
    return rows[0]?.last ?? null;
  }

  it("answers a signed pull_request.opened with one review and one completed check run", async () => {
    const response = await sendWebhook(app.url, {
      name: "pull_request",
      payload: pullRequestPayload(sim, { repo: REPO, number: 1, action: "opened" }),
      secret: TEST_WEBHOOK_SECRET,
    });
    await waitFor("the first pass", async () => (await lastReviewed()) === H1);

    expect(response.status).toBe(200);
    const { reviews, comments } = sim.reviewsOf(REPO, 1);
    expect(reviews.map((r) => [r.user, r.state, r.commitId])).toEqual([
      ["reviewloop[bot]", "COMMENTED", H1],
    ]);
    expect(reviews[0]!.body).toContain("(full review)");
    expect(comments.map((c) => `${c.path}:${c.line}:${c.side}`)).toEqual([
      "src/app.ts:2:RIGHT",
      "src/app.ts:3:RIGHT",
    ]);
    expect(
      sim.state.checkRuns.map((run) => [run.name, run.headSha, run.status, run.conclusion]),
    ).toEqual([["reviewloop", H1, "completed", "neutral"]]);
    expect(sim.state.checkRuns[0]!.annotations).toHaveLength(2);
    const floor = requestFloor({
      files: 1,
      annotations: 2,
      newInlineComments: 2,
      configReads: 1,
      incremental: false,
    });
    expect(await requestsOf(H1)).toBe(floor);
    expect(sim.state.checkRuns[0]!.output.summary).toContain(
      `GitHub API requests this pass: ${floor} `,
    );
  });

  it("answers a push on top of it with an incremental review that resolves the fixed finding", async () => {
    sim.pushCommits(REPO, 1, {
      newHeadSha: H2,
      files: filesFromDiff(PUSHED),
      changedFiles: filesFromDiff(PUSH_ONLY),
    });

    await sendWebhook(app.url, {
      name: "pull_request",
      payload: pullRequestPayload(sim, { repo: REPO, number: 1, action: "synchronize" }),
      secret: TEST_WEBHOOK_SECRET,
    });
    await waitFor("the second pass", async () => (await lastReviewed()) === H2);

    const { reviews, comments } = sim.reviewsOf(REPO, 1);
    expect(reviews.map((r) => r.commitId)).toEqual([H1, H2]);
    expect(reviews[1]!.body).toContain(
      "Commits `1111111..2222222` (incremental: only what changed since the last pass)",
    );
    expect(comments.map((c) => `${c.commitId.slice(0, 1)} ${c.path}:${c.line}`)).toEqual([
      "1 src/app.ts:2",
      "1 src/app.ts:3",
      "2 src/app.ts:4",
    ]);
    const debugThread = sim.state.threads.find((t) => t.commentIds.includes(comments[0]!.id));
    expect(debugThread?.isResolved).toBe(true);
    const second = sim.state.checkRuns.find((run) => run.headSha === H2);
    expect([second?.status, second?.conclusion]).toEqual(["completed", "neutral"]);
    expect(await requestsOf(H2)).toBe(
      requestFloor({
        files: 1,
        annotations: 2,
        newInlineComments: 1,
        configReads: 1,
        incremental: true,
        resolve: { threadsOnPr: 2, threads: 1 },
      }),
    );
  });
});
