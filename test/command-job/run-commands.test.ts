import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { containsCommand } from "../../src/commands/parse-commands.ts";
import { useMockedGitHub } from "../helpers/mocked-github.ts";
import { testBackends } from "../helpers/test-db.ts";
import {
  APP_SLUG,
  type CommandKit,
  commentPayload,
  createCommandKit,
  github,
  mockAnswers,
  mockConfig,
  mockToken,
  permissionJson,
  pullJson,
  R,
  rows,
  sha,
} from "./command-kit.ts";

describe.each(testBackends())("command-job/runCommands on %s", (backend) => {
  let kit: CommandKit;

  beforeAll(async () => {
    kit = await createCommandKit(backend);
  });
  afterAll(() => kit.cleanup());
  useMockedGitHub(mockToken);

  async function jobsOf(pr: number) {
    return rows<{ kind: string; payload: Record<string, unknown> }>(
      kit,
      "SELECT kind, payload FROM jobs WHERE group_key = $1 ORDER BY id",
      [`pr:186853002#${pr}`],
    );
  }

  function expectNoCommandLine(replies: string[]) {
    for (const reply of replies) expect(containsCommand(reply, APP_SLUG)).toBe(false);
  }

  describe("fix", () => {
    it("answers that nothing is reviewed yet, with remediation disabled, and dispatches nothing", async () => {
      const scope = mockConfig(github(), null)
        .get(`${R}/pulls/1`)
        .reply(200, pullJson({ number: 1 }))
        .get(`${R}/collaborators/maintainer/permission`)
        .reply(200, permissionJson("write"));
      const answers = mockAnswers(scope, 101, 1, { reactions: 2, reply: true });

      await kit.receive(
        "issue_comment",
        commentPayload({ pr: 1, id: 101, body: "/reviewloop fix", by: { login: "maintainer" } }),
      );
      const reports = await kit.runJobs();

      expect(reports.map((r) => r.outcome)).toEqual(["done"]);
      expect(scope.isDone()).toBe(true);
      expect(answers.reactions).toEqual(["eyes", "confused"]);
      expect(answers.replies[0]).toContain("No review has been posted yet; nothing to fix.");
      expect(await jobsOf(1)).toEqual([]);
      expectNoCommandLine(answers.replies);
    });

    it("starts a round for every open finding of a reviewed head, even with remediation disabled", async () => {
      const head = pullJson({ number: 2 }).head.sha;
      await kit.test.db.query(
        `INSERT INTO loops (installation_id, repo_id, pr_number, repo_full_name, status, head_sha, state)
         VALUES (4242, 186853002, 2, 'Codertocat/Hello-World', 'idle', $1, $2)`,
        [
          head,
          {
            status: "idle",
            headSha: head,
            lastReviewedSha: head,
            round: 0,
            openFindings: 2,
            blocking: [],
          },
        ],
      );
      const scope = mockConfig(github(), null)
        .get(`${R}/pulls/2`)
        .reply(200, pullJson({ number: 2 }))
        .get(`${R}/collaborators/an-admin/permission`)
        .reply(200, permissionJson("admin"));
      const answers = mockAnswers(scope, 102, 2, { reactions: 2, reply: true });

      await kit.receive(
        "issue_comment",
        commentPayload({ pr: 2, id: 102, body: "/reviewloop fix", by: { login: "an-admin" } }),
      );
      await kit.runJobs();

      expect(scope.isDone()).toBe(true);
      expect(answers.reactions).toEqual(["eyes", "+1"]);
      expect(answers.replies[0]).toContain("Round 1/5: dispatching the fixer for 2 open findings.");
      const jobs = await jobsOf(2);
      expect(jobs.map((j) => j.kind)).toEqual(["Dispatch"]);
      expect(jobs[0]?.payload).toMatchObject({ round: 1, attempt: 1, headSha: head });
      const intents = await rows<{ status: string; scope: string }>(
        kit,
        "SELECT status, scope FROM dispatches WHERE pr_number = 2",
      );
      expect(intents).toEqual([{ status: "intended", scope: "all" }]);
    });

    it("refuses a read user with a reply naming the permission, and does nothing else", async () => {
      const scope = mockConfig(github(), "remediation:\n  enabled: true\n")
        .get(`${R}/pulls/3`)
        .reply(200, pullJson({ number: 3 }))
        .get(`${R}/collaborators/reader/permission`)
        .reply(200, permissionJson("read"));
      const answers = mockAnswers(scope, 103, 3, { reactions: 2, reply: true });

      await kit.receive(
        "issue_comment",
        commentPayload({ pr: 3, id: 103, body: "/reviewloop fix", by: { login: "reader" } }),
      );
      await kit.runJobs();

      expect(scope.isDone()).toBe(true);
      expect(answers.reactions).toEqual(["eyes", "confused"]);
      expect(answers.replies[0]).toContain(
        "`fix` needs write access to this repository; @reader has read.",
      );
      expect(await jobsOf(3)).toEqual([]);
      expect(await rows(kit, "SELECT * FROM loops WHERE pr_number = 3")).toEqual([]);
      expect(await rows(kit, "SELECT * FROM command_cooldowns WHERE pr_number = 3")).toEqual([]);
    });

    it("refuses a fork's author without write access even when the config lets authors fix", async () => {
      const scope = mockConfig(github(), "commands:\n  permissions:\n    fix: author\n")
        .get(`${R}/pulls/4`)
        .reply(200, pullJson({ number: 4, author: "forker", fromFork: true }))
        .get(`${R}/collaborators/forker/permission`)
        .reply(200, permissionJson("read"));
      const answers = mockAnswers(scope, 104, 4, { reactions: 2, reply: true });

      await kit.receive(
        "issue_comment",
        commentPayload({ pr: 4, id: 104, body: "/reviewloop fix", by: { login: "forker" } }),
      );
      await kit.runJobs();

      expect(scope.isDone()).toBe(true);
      expect(answers.replies[0]).toContain("on a pull request from a fork needs write access");
    });
  });

  describe("review", () => {
    it("runs for the author of a fork without asking for their permission", async () => {
      const scope = mockConfig(github(), null)
        .get(`${R}/pulls/5`)
        .reply(200, pullJson({ number: 5, author: "forker", fromFork: true, head: sha("f5") }));
      const answers = mockAnswers(scope, 105, 5, { reactions: 2, reply: false });

      await kit.receive(
        "issue_comment",
        commentPayload({ pr: 5, id: 105, body: "/reviewloop review", by: { login: "forker" } }),
      );
      await kit.runJobs();

      expect(scope.isDone()).toBe(true);
      expect(answers.reactions).toEqual(["eyes", "+1"]);
      expect(await jobsOf(5)).toEqual([
        {
          kind: "RunReview",
          payload: expect.objectContaining({ headSha: sha("f5"), trigger: "review" }),
        },
      ]);
    });

    it("asks for a full review with full-review", async () => {
      const scope = mockConfig(github(), null)
        .get(`${R}/pulls/6`)
        .reply(200, pullJson({ number: 6 }));
      mockAnswers(scope, 106, 6, { reactions: 2, reply: false });

      await kit.receive(
        "issue_comment",
        commentPayload({ pr: 6, id: 106, body: "@reviewloop full-review" }),
      );
      await kit.runJobs();

      expect(scope.isDone()).toBe(true);
      expect((await jobsOf(6))[0]?.payload).toMatchObject({ mode: "full", trigger: "full-review" });
    });
  });

  describe("full-review twice within the cooldown", () => {
    it("replies when it can run again, then runs once the cooldown is over", async () => {
      const first = mockConfig(github(), null)
        .get(`${R}/pulls/7`)
        .reply(200, pullJson({ number: 7 }));
      mockAnswers(first, 107, 7, { reactions: 2, reply: false });
      await kit.receive(
        "issue_comment",
        commentPayload({ pr: 7, id: 107, body: "/reviewloop full-review" }),
      );
      await kit.runJobs();
      expect(first.isDone()).toBe(true);

      kit.clock.now = new Date(kit.clock.now.getTime() + 20_000);
      const second = mockConfig(github(), null)
        .get(`${R}/pulls/7`)
        .reply(200, pullJson({ number: 7 }));
      const refused = mockAnswers(second, 108, 7, { reactions: 2, reply: true });
      await kit.receive(
        "issue_comment",
        commentPayload({ pr: 7, id: 108, body: "/reviewloop full-review" }),
      );
      await kit.runJobs();

      expect(second.isDone()).toBe(true);
      expect(refused.reactions).toEqual(["eyes", "confused"]);
      expect(refused.replies[0]).toContain(
        "`full-review` runs at most once every 60 seconds on a pull request; it can run again in 40 seconds.",
      );
      expect(await jobsOf(7)).toHaveLength(1);

      kit.clock.now = new Date(kit.clock.now.getTime() + 41_000);
      const third = mockConfig(github(), null)
        .get(`${R}/pulls/7`)
        .reply(200, pullJson({ number: 7 }));
      const ran = mockAnswers(third, 109, 7, { reactions: 2, reply: false });
      await kit.receive(
        "issue_comment",
        commentPayload({ pr: 7, id: 109, body: "/reviewloop full-review" }),
      );
      await kit.runJobs();

      expect(third.isDone()).toBe(true);
      expect(ran.reactions).toEqual(["eyes", "+1"]);
      expect(await jobsOf(7)).toHaveLength(2);
    });
  });

  describe("comments that must not run", () => {
    it("ignores a bot that commands.allowed_bots does not list, without any answer", async () => {
      const scope = mockConfig(github(), null);

      await kit.receive(
        "issue_comment",
        commentPayload({
          pr: 8,
          id: 110,
          body: "/reviewloop review",
          by: { login: "dependabot[bot]", type: "Bot" },
        }),
      );
      await kit.runJobs();

      expect(scope.isDone()).toBe(true);
      expect(await jobsOf(8)).toEqual([]);
      expect(await rows(kit, "SELECT status FROM command_runs WHERE comment_id = 110")).toEqual([
        { status: "ignored" },
      ]);
    });

    it("obeys a bot listed in commands.allowed_bots as a writer", async () => {
      const scope = mockConfig(github(), "commands:\n  allowed_bots: [renovate]\n")
        .get(`${R}/pulls/9`)
        .reply(200, pullJson({ number: 9 }));
      const answers = mockAnswers(scope, 111, 9, { reactions: 2, reply: false });

      await kit.receive(
        "issue_comment",
        commentPayload({
          pr: 9,
          id: 111,
          body: "/reviewloop review",
          by: { login: "renovate[bot]", type: "Bot" },
        }),
      );
      await kit.runJobs();

      expect(scope.isDone()).toBe(true);
      expect(answers.reactions).toEqual(["eyes", "+1"]);
      expect(await jobsOf(9)).toHaveLength(1);
    });

    it("never queues the app's own comment", async () => {
      await kit.receive(
        "issue_comment",
        commentPayload({
          pr: 10,
          id: 112,
          body: "/reviewloop review",
          by: { login: "reviewloop[bot]", type: "Bot" },
        }),
      );

      expect(await rows(kit, "SELECT id FROM jobs WHERE dedupe_key LIKE '%:112'")).toEqual([]);
      expect(await kit.runJobs()).toEqual([]);
    });

    it("does not run an edited comment again", async () => {
      const scope = mockConfig(github(), null)
        .get(`${R}/pulls/11`)
        .reply(200, pullJson({ number: 11 }));
      mockAnswers(scope, 113, 11, { reactions: 2, reply: false });
      await kit.receive(
        "issue_comment",
        commentPayload({ pr: 11, id: 113, body: "/reviewloop review" }),
      );
      await kit.runJobs();
      expect(scope.isDone()).toBe(true);

      await kit.receive(
        "issue_comment",
        commentPayload({ pr: 11, id: 113, body: "/reviewloop full-review", action: "edited" }),
      );
      const reports = await kit.runJobs();

      expect(reports).toEqual([]);
      expect(await jobsOf(11)).toHaveLength(1);
    });

    it("does not run a redelivered comment again", async () => {
      const scope = mockConfig(github(), null)
        .get(`${R}/pulls/12`)
        .reply(200, pullJson({ number: 12 }));
      mockAnswers(scope, 114, 12, { reactions: 2, reply: false });
      const payload = commentPayload({ pr: 12, id: 114, body: "/reviewloop review" });
      await kit.receive("issue_comment", payload, "redelivered-114");
      await kit.runJobs();

      await kit.receive("issue_comment", payload, "redelivered-114");
      const reports = await kit.runJobs();

      expect(scope.isDone()).toBe(true);
      expect(reports).toEqual([]);
      expect(await jobsOf(12)).toHaveLength(1);
    });

    it("runs once even when a second job for the comment gets queued (the PR was closed in between)", async () => {
      const scope = mockConfig(github(), null)
        .get(`${R}/pulls/13`)
        .reply(200, pullJson({ number: 13 }));
      mockAnswers(scope, 115, 13, { reactions: 2, reply: false });
      await kit.receive(
        "issue_comment",
        commentPayload({ pr: 13, id: 115, body: "/reviewloop review" }),
      );
      await kit.runJobs();
      // A cancelled job releases its dedupe key; the comment's run record still holds.
      await kit.test.db.query("UPDATE jobs SET dedupe_key = NULL WHERE dedupe_key LIKE '%:115'");

      await kit.receive(
        "issue_comment",
        commentPayload({ pr: 13, id: 115, body: "/reviewloop review", action: "edited" }),
      );
      const reports = await kit.runJobs();

      expect(scope.isDone()).toBe(true);
      expect(reports.map((r) => r.outcome)).toEqual(["done"]);
      expect(await jobsOf(13)).toHaveLength(1);
    });

    it("ignores comments on plain issues and comments without a command", async () => {
      await kit.receive(
        "issue_comment",
        commentPayload({ pr: 14, id: 116, body: "/reviewloop review", plainIssue: true }),
      );
      await kit.receive(
        "issue_comment",
        commentPayload({
          pr: 14,
          id: 117,
          body: "LGTM, see `/reviewloop review`\n> /reviewloop fix",
        }),
      );

      expect(await kit.runJobs()).toEqual([]);
    });
  });
});
