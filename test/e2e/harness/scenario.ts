import { createHash } from "node:crypto";
import { TEST_WEBHOOK_SECRET } from "../../helpers/start-test-app.ts";
import type { BackendName } from "../../helpers/test-db.ts";
import {
  createGitHubSimulator,
  filesFromDiff,
  type GitHubSimulator,
  issueCommentPayload,
  type PullRequestEventOptions,
  pullRequestPayload,
  type SimCheckRun,
  type SimReview,
  sendWebhook,
} from "../github-simulator/index.ts";
import { type AppProcess, formatLogs, startAppProcess } from "./app-process.ts";
import { createDeployment, type Deployment } from "./deployment.ts";

export const REPO = "acme/app";
export const INSTALLATION = 42;
export const BASE = "a".repeat(40);
const BOT = "reviewloop[bot]";
// No missing-tests finding: each PR's findings are exactly its TODO lines.
const CONFIG = "engines:\n  builtin:\n    rules:\n      missing-tests: false\n";

/** A GitHub simulator holding `acme/app`, a deployment, and the app running on both. */
export interface Scenario {
  sim: GitHubSimulator;
  deployment: Deployment;
  app: AppProcess;
  /** Stops every app process started for it, closes the simulator, drops the database. */
  close(): Promise<void>;
  /** Another app process (a replica) on the same deployment. */
  startReplica(): Promise<AppProcess>;
}

/** Starts a scenario on `backend`; `env` goes to every app process (timeouts, …). */
export async function startScenario(
  backend: BackendName,
  env: Record<string, string> = {},
): Promise<Scenario> {
  const sim = await createGitHubSimulator();
  sim.seedRepo({ owner: "acme", name: "app", installationId: INSTALLATION });
  sim.seedConfig(REPO, CONFIG);
  sim.seedPermission(REPO, "alice", "write", "write");
  // The simulator loads GitHub's OpenAPI description on its first request (seconds): not
  // while the app waits on it.
  await fetch(`${sim.apiUrl}/repos/${REPO}`);
  const deployment = await createDeployment(backend);
  const start = () => startAppProcess({ deployment, gheHost: sim.gheHost, env });
  const processes = [await start()];
  return {
    sim,
    deployment,
    app: processes[0]!,
    async startReplica() {
      const replica = await start();
      processes.push(replica);
      return replica;
    },
    async close() {
      // E2E_LOG=1: the app's log lines on stderr, to see where a scenario spent its time.
      if (process.env.E2E_LOG) for (const app of processes) console.error(formatLogs(app.logs));
      await Promise.all(processes.map((app) => app.kill()));
      await sim.close();
      await deployment.cleanup();
    },
  };
}

/** A deterministic 40-hex head sha for a name ("pr3-a"). */
export function sha(name: string): string {
  return createHash("sha1").update(name).digest("hex");
}

/** A diff adding `findings` TODO lines to `src/app.ts`: the builtin engine finds each one. */
export function diffWithFindings(findings: number): string {
  const added = Array.from({ length: findings }, (_, i) => `+  // TODO: item ${i + 1}`);
  return [
    "diff --git a/src/app.ts b/src/app.ts",
    "index 1111111..2222222 100644",
    "--- a/src/app.ts",
    "+++ b/src/app.ts",
    `@@ -1,2 +1,${findings + 2} @@`,
    " export function main() {",
    ...added,
    " }",
    "",
  ].join("\n");
}

/** Seeds pull request `number` by alice with `findings` findings at head `head`. */
export function seedPullRequest(
  sim: GitHubSimulator,
  number: number,
  options: { head: string; findings?: number },
): void {
  sim.seedPullRequest({
    repo: REPO,
    number,
    author: "alice",
    base: { ref: "main", sha: BASE },
    head: { ref: `feature-${number}`, sha: options.head },
    files: filesFromDiff(diffWithFindings(options.findings ?? 2)),
  });
}

/** Sends a `pull_request` delivery for PR `number` as it is in the simulator now. */
export function deliverPullRequest(
  scenario: { sim: GitHubSimulator },
  app: AppProcess,
  number: number,
  action: PullRequestEventOptions["action"],
  id?: string,
) {
  return sendWebhook(app.url, {
    name: "pull_request",
    payload: pullRequestPayload(scenario.sim, { repo: REPO, number, action }),
    secret: TEST_WEBHOOK_SECRET,
    ...(id ? { id } : {}),
  });
}

/** The "Review pass finished" line of PR `number` at `head` (logged when a pass ends well). */
export function passFinished(app: AppProcess, number: number, head: string, from = 0) {
  return app.waitForLog(
    (line) =>
      line.msg === "Review pass finished" && line.pr === number && line.sha === head.slice(0, 7),
    { from, what: `the pass of #${number} at ${head.slice(0, 7)}` },
  );
}

/**
 * The pass of PR `number` at `head` ended for good: "Review pass finished", or a RunReview job
 * died (no attempts left). A failed attempt that will be retried is not an end.
 */
export function passSettled(app: AppProcess, number: number, head: string, from = 0) {
  return app.waitForLog(
    (line) =>
      (line.msg === "Review pass finished" &&
        line.pr === number &&
        line.sha === head.slice(0, 7)) ||
      (line.kind === "RunReview" && line.msg.startsWith("job is dead")),
    { from, what: `the pass of #${number} at ${head.slice(0, 7)} to end` },
  );
}

/** What GitHub holds for one head: the app's reviews and its `reviewloop` check runs. */
export function postedFor(sim: GitHubSimulator, number: number, head: string) {
  const reviews: SimReview[] = sim
    .reviewsOf(REPO, number)
    .reviews.filter((review) => review.user === BOT && review.commitId === head);
  const checkRuns: SimCheckRun[] = sim.state.checkRuns.filter(
    (run) => run.name === "reviewloop" && run.headSha === head,
  );
  return { reviews, checkRuns };
}

/**
 * Asks `/reviewloop status` on PR `number` as alice and returns the app's reply: what a user
 * sees of the loop (`reviewing`, `passed: …`, `idle: …`).
 */
export async function askStatus(
  scenario: { sim: GitHubSimulator },
  app: AppProcess,
  number: number,
): Promise<string> {
  const { sim } = scenario;
  const comment = sim.seedIssueComment(REPO, number, { user: "alice", body: "/reviewloop status" });
  const from = app.logs.length;
  await sendWebhook(app.url, {
    name: "issue_comment",
    payload: issueCommentPayload(sim, { repo: REPO, number, comment }),
    secret: TEST_WEBHOOK_SECRET,
  });
  await app.waitForLog(
    (line) =>
      (line.msg === "Ran comment commands" && line.commentId === comment.id) ||
      (line.kind === "RunCommands" && line.msg.startsWith("job is dead")),
    { from, what: `the status reply to comment ${comment.id}` },
  );
  const reply = sim.state.issueComments.findLast(
    (c) => c.issueNumber === number && c.user === BOT && c.id > comment.id,
  );
  if (!reply) throw new Error("the app ran the status command but posted no reply");
  return reply.body;
}

/** The loop's state in words from a `/reviewloop status` reply (its `| state | … |` row). */
export function stateOf(reply: string): string {
  const row = reply.split("\n").find((line) => line.startsWith("| state |"));
  return row?.slice("| state |".length, -1).trim() ?? `(no state row in: ${reply})`;
}
