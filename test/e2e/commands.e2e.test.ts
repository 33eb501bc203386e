import { pino } from "pino";
import { ProbotOctokit } from "probot";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { containsCommand } from "../../src/commands/parse-commands.ts";
import { type RunningApp, startApp } from "../../src/server/start-app.ts";
import { TEST_WEBHOOK_SECRET, testEnv, testStore } from "../helpers/start-test-app.ts";
import { testBackends } from "../helpers/test-db.ts";
import {
  createGitHubSimulator,
  filesFromDiff,
  type GitHubSimulator,
  issueCommentPayload,
  pullRequestPayload,
  reviewCommentPayload,
  sendWebhook,
} from "./github-simulator/index.ts";

const REPO = "acme/app";
const BASE = "a".repeat(40);
const HEAD = "1".repeat(40);
const CONFIG = "engines:\n  builtin:\n    rules:\n      missing-tests: false\n";
const OPENED = `diff --git a/src/app.ts b/src/app.ts
index 1111111..2222222 100644
--- a/src/app.ts
+++ b/src/app.ts
@@ -1,2 +1,5 @@
 export function main() {
+  console.log("debug");
+  // TODO: tidy
+  return 2;
 }
`;

async function waitFor(what: string, done: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.each(testBackends())(
  "e2e/comment commands through the GitHub simulator (%s)",
  (backend) => {
    let sim: GitHubSimulator;
    let app: RunningApp;
    const store = testStore(backend);

    beforeAll(async () => {
      sim = await createGitHubSimulator();
      sim.seedRepo({ owner: "acme", name: "app", installationId: 42 });
      sim.seedConfig(REPO, CONFIG);
      sim.seedPermission(REPO, "maintainer", "write", "maintain");
      sim.seedPullRequest({
        repo: REPO,
        number: 1,
        author: "alice",
        base: { ref: "main", sha: BASE },
        head: { ref: "feature", sha: HEAD },
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
      await sendWebhook(app.url, {
        name: "pull_request",
        payload: pullRequestPayload(sim, { repo: REPO, number: 1, action: "opened" }),
        secret: TEST_WEBHOOK_SECRET,
      });
      await waitFor("the first pass", async () => {
        const { rows } = await app.db.query<{ last: string | null }>(
          "SELECT state->>'lastReviewedSha' AS last FROM loops WHERE pr_number = 1",
        );
        return rows[0]?.last === HEAD;
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

    async function commandsDone(commentId: number): Promise<boolean> {
      const { rows } = await app.db.query<{ status: string }>(
        "SELECT status FROM command_runs WHERE comment_id = $1",
        [commentId],
      );
      return rows[0]?.status === "done" || rows[0]?.status === "ignored";
    }

    function botReplies(): string[] {
      return sim.state.issueComments.filter((c) => c.user === "reviewloop[bot]").map((c) => c.body);
    }

    it("answers a signed issue_comment: dispose and status run in order, one reply, 👀 then 👍", async () => {
      const { rows } = await app.db.query<{ short_id: string }>(
        "SELECT short_id FROM findings WHERE rule_id = 'todo-comment'",
      );
      const id = rows[0]!.short_id;
      const comment = sim.seedIssueComment(REPO, 1, {
        user: "alice",
        body: `/reviewloop dispose ${id} deferred tracked in #12\n/reviewloop status`,
      });

      const response = await sendWebhook(app.url, {
        name: "issue_comment",
        payload: issueCommentPayload(sim, { repo: REPO, number: 1, comment }),
        secret: TEST_WEBHOOK_SECRET,
      });
      await waitFor("the commands", () => commandsDone(comment.id));

      expect(response.status).toBe(200);
      const reactions = sim.state.reactions.filter((r) => r.commentId === comment.id);
      expect(reactions.map((r) => r.content)).toEqual(["eyes", "+1"]);
      const replies = botReplies();
      expect(replies).toHaveLength(1);
      expect(replies[0]).toContain(`Recorded \`${id}\` as deferred`);
      expect(replies[0]).toContain("| open findings | 2 (0 blocking) |");
      expect(containsCommand(replies[0]!, "reviewloop")).toBe(false);
    });

    it("lets a maintainer ask for a full review whose summary shows the disposition table", async () => {
      const comment = sim.seedIssueComment(REPO, 1, {
        user: "maintainer",
        body: "@reviewloop full-review",
      });

      await sendWebhook(app.url, {
        name: "issue_comment",
        payload: issueCommentPayload(sim, { repo: REPO, number: 1, comment }),
        secret: TEST_WEBHOOK_SECRET,
      });
      await waitFor("the full review", () => sim.reviewsOf(REPO, 1).reviews.length === 2);

      const second = sim.reviewsOf(REPO, 1).reviews[1]!;
      expect(second.body).toContain("(full review)");
      expect(second.body).toContain("#### Dispositions");
      // The pass verified the claim: the finding is still produced, so it is deferred (quiet).
      expect(second.body).toMatch(/\| deferred: tracked in #12 \| ⏭️ deferred \|/);
      const permissionReads = sim.requests.filter((r) =>
        r.path.endsWith("/collaborators/maintainer/permission"),
      );
      expect(permissionReads).toHaveLength(1);
    });

    it("ignores the app's own comment and does not run an edited comment again", async () => {
      // Work left by the tests before (a review a command asked for) must not count as ours.
      for (let waited = 0; waited < 10_000; waited += 50) {
        const busy = await app.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM jobs WHERE status IN ('queued', 'running')",
        );
        if (busy.rows[0]!.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const own = sim.seedIssueComment(REPO, 1, {
        user: "reviewloop[bot]",
        body: "/reviewloop stop",
      });
      const before = sim.requests.length;
      const { rows } = await app.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM command_runs",
      );

      await sendWebhook(app.url, {
        name: "issue_comment",
        payload: issueCommentPayload(sim, { repo: REPO, number: 1, comment: own }),
        secret: TEST_WEBHOOK_SECRET,
      });
      const first = sim.state.issueComments.find((c) => c.user === "alice")!;
      first.body = "/reviewloop stop";
      await sendWebhook(app.url, {
        name: "issue_comment",
        payload: issueCommentPayload(sim, {
          repo: REPO,
          number: 1,
          comment: first,
          action: "edited",
        }),
        secret: TEST_WEBHOOK_SECRET,
      });
      // A later comment's commands run after anything the two deliveries above queued (one pull
      // request's command jobs run one at a time, in order): its reply is the event to wait on.
      const repliesBefore = botReplies().length;
      const later = sim.seedIssueComment(REPO, 1, { user: "alice", body: "/reviewloop status" });
      await sendWebhook(app.url, {
        name: "issue_comment",
        payload: issueCommentPayload(sim, { repo: REPO, number: 1, comment: later }),
        secret: TEST_WEBHOOK_SECRET,
      });
      await waitFor("the later status reply", () => commandsDone(later.id));

      const after = await app.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM command_runs",
      );
      expect(after.rows[0]!.n).toBe(rows[0]!.n + 1);
      // Only the later comment was answered: its reactions and its one reply, and the loop was
      // not stopped by the edited comment.
      const sent = sim.requests.slice(before).filter((r) => r.method !== "GET");
      expect(sent.map((r) => r.path).sort()).toEqual(
        [
          `/repos/${REPO}/issues/1/comments`,
          `/repos/${REPO}/issues/comments/${later.id}/reactions`,
          `/repos/${REPO}/issues/comments/${later.id}/reactions`,
        ].sort(),
      );
      const replies = botReplies().slice(repliesBefore);
      expect(replies).toHaveLength(1);
      expect(replies[0]).toContain("#### reviewloop status");
      expect(replies[0]).not.toMatch(/\| state \| stopped/);
    });

    it("answers a reply in a finding's thread with a reply in that thread", async () => {
      const debug = sim.reviewsOf(REPO, 1).comments.find((c) => c.body.includes("console"))!;
      const reply = sim.seedReviewReply(REPO, 1, {
        inReplyTo: debug.id,
        user: "alice",
        body: "/reviewloop dispose wat",
      });

      await sendWebhook(app.url, {
        name: "pull_request_review_comment",
        payload: reviewCommentPayload(sim, { repo: REPO, number: 1, comment: reply }),
        secret: TEST_WEBHOOK_SECRET,
      });
      await waitFor("the thread reply", () => commandsDone(reply.id));

      const answers = sim
        .reviewsOf(REPO, 1)
        .comments.filter(
          (c) => c.user === "reviewloop[bot]" && c.body.includes("reviewloop:reply"),
        );
      expect(answers).toHaveLength(1);
      expect(answers[0]!.body).toContain(
        "`/reviewloop dispose <id> fixed|disagree|deferred [note]`",
      );
    });
  },
);
