import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listFiledDispositions } from "../../src/store/disposition-repository.ts";
import { useMockedGitHub } from "../helpers/mocked-github.ts";
import { testBackends } from "../helpers/test-db.ts";
import {
  APP_SLUG,
  type CommandKit,
  type Commenter,
  commentPayload,
  createCommandKit,
  github,
  INSTALLATION_ID,
  mockAnswers,
  mockConfig,
  mockToken,
  permissionJson,
  pullJson,
  R,
  REPO,
  REPO_ID,
  reviewReplyPayload,
  rows,
  seedFinding,
} from "./command-kit.ts";

const FIXER = "fixer-app[bot]";
const CONFIG = `remediation:\n  fixer:\n    logins: ["Fixer-App[bot]"]\n`;

function table(...rows: string[]): string {
  return [
    "Pushed 7b505f6.",
    "",
    "| ID | disposition | note |",
    "| --- | --- | --- |",
    ...rows,
  ].join("\n");
}

/** What GitHub saw of one comment: reactions, and the replies stored on the conversation. */
interface Seen {
  reactions: string[];
  replies: string[];
}

describe.each(testBackends())("command-job: dispositions filed in comments on %s", (backend) => {
  let kit: CommandKit;

  beforeAll(async () => {
    kit = await createCommandKit(backend);
  });
  afterAll(() => kit.cleanup());
  useMockedGitHub(mockToken);

  /**
   * GitHub for one conversation comment: the config, the PR (by `author`), everyone's
   * permission `permission`, reactions, and a conversation that stores replies and lists them.
   */
  function simulate(
    pr: number,
    commentId: number,
    options: { author?: string; permission?: string; replyAnswers?: ("201" | "403")[] } = {},
  ): Seen {
    const seen: Seen = { reactions: [], replies: [] };
    const stored: { id: number; body: string }[] = [];
    github()
      .persist()
      .get(/\/contents\/\.github(%2F|\/)reviewloop\.yml/)
      .reply(200, CONFIG)
      .get(`${R}/pulls/${pr}`)
      .reply(200, pullJson({ number: pr, author: options.author ?? "Codertocat" }))
      .get(/\/collaborators\/[^/]+\/permission$/)
      .reply(200, permissionJson(options.permission ?? "read"))
      .post(`${R}/issues/comments/${commentId}/reactions`, (body: { content?: unknown }) => {
        if (typeof body.content === "string") seen.reactions.push(body.content);
        return typeof body.content === "string";
      })
      .reply(201, { id: 1 })
      .get(`${R}/issues/${pr}/comments`)
      .query(true)
      .reply(200, () => stored.map((r) => ({ id: r.id, html_url: "https://x", body: r.body })));
    const path = `${R}/issues/${pr}/comments`;
    for (const answer of options.replyAnswers ?? []) {
      if (answer === "403") {
        github()
          .post(path)
          .reply(
            403,
            { message: "You have exceeded a secondary rate limit" },
            { "retry-after": "0" },
          );
      }
    }
    github()
      .persist()
      .post(path, (body: { body?: unknown }) => {
        if (typeof body.body !== "string") return false;
        seen.replies.push(body.body);
        stored.push({ id: 900_000 + stored.length, body: body.body });
        return true;
      })
      .reply(201, { id: 900_000, html_url: "https://x" });
    return seen;
  }

  async function comment(pr: number, id: number, body: string, by: Commenter) {
    await kit.receive("issue_comment", commentPayload({ pr, id, body, by }));
  }

  async function setRound(pr: number, round: number) {
    await kit.test.db.query(
      `INSERT INTO loops (installation_id, repo_id, pr_number, repo_full_name, status, state)
       VALUES ($1, $2, $3, $4, 'awaiting_fix', $5::jsonb)`,
      [INSTALLATION_ID, REPO_ID, pr, REPO, JSON.stringify({ round })],
    );
  }

  const pr = (prNumber: number) => ({ repoId: REPO_ID, prNumber });

  describe("from the fixer bot", () => {
    it("records a table's claims with the loop's round, the source and the filer, quietly with 👍", async () => {
      await seedFinding(kit, 60, { id: "F1" });
      await seedFinding(kit, 60, { id: "F2" });
      await setRound(60, 2);
      const seen = simulate(60, 600);

      await comment(
        60,
        600,
        table(
          "| **F1** | fixed-in-PR (commit 7b505f6) | |",
          "| F2 | won't fix | the input is trusted |",
        ),
        { login: FIXER, type: "Bot" },
      );
      const reports = await kit.runJobs();

      expect(reports.map((r) => r.outcome)).toEqual(["done"]);
      expect(seen.reactions).toEqual(["eyes", "+1"]);
      expect(seen.replies).toEqual([]);
      const history = await listFiledDispositions(kit.test.db, pr(60));
      expect(
        history.map((h) => [
          h.id,
          h.round,
          h.disposition,
          h.note,
          h.filedBy,
          h.source,
          h.commentId,
        ]),
      ).toEqual([
        ["F1", 2, "fixed", "commit 7b505f6", FIXER, "comment", 600],
        ["F2", 2, "disagree", "the input is trusted", FIXER, "comment", 600],
      ]);
      expect(
        await rows(
          kit,
          "SELECT disposition->>'source' AS s FROM findings WHERE pr_number = 60 ORDER BY short_id",
        ),
      ).toEqual([{ s: "comment" }, { s: "comment" }]);
    });

    it("records a JSON block, and refuses the bot's other commands with the reason", async () => {
      await seedFinding(kit, 61, { id: "F1" });
      const seen = simulate(61, 610);

      await comment(
        61,
        610,
        '/reviewloop pause\n```reviewloop-dispositions\n[{"id":"F1","disposition":"deferred","note":"#12"}]\n```',
        { login: FIXER, type: "Bot" },
      );
      await kit.runJobs();

      expect(seen.replies).toHaveLength(1);
      expect(seen.replies[0]).toContain(
        `@${FIXER} is the fixer: it may file dispositions, but its other commands are ignored unless \`commands.allowed_bots\` lists it.`,
      );
      expect(seen.replies[0]).toContain("Recorded `F1` as deferred");
      expect(seen.reactions).toEqual(["eyes", "confused"]);
      expect(
        (await listFiledDispositions(kit.test.db, pr(61))).map((h) => [h.round, h.note]),
      ).toEqual([[0, "#12"]]);
      // The refused pause changed nothing: the loop is not paused.
      expect(await rows(kit, "SELECT status FROM loops WHERE pr_number = 61")).not.toContainEqual({
        status: "paused",
      });
    });

    it("ignores another bot's dispositions without a word", async () => {
      await seedFinding(kit, 62, { id: "F1" });
      simulate(62, 620);

      await comment(62, 620, table("| F1 | fixed | |"), { login: "other-bot[bot]", type: "Bot" });
      const reports = await kit.runJobs();

      expect(reports.map((r) => r.outcome)).toEqual(["done"]);
      expect(await listFiledDispositions(kit.test.db, pr(62))).toEqual([]);
      expect(await rows(kit, "SELECT status FROM command_runs WHERE comment_id = 620")).toEqual([
        { status: "ignored" },
      ]);
    });
  });

  describe("malformed input", () => {
    it("gets exactly one reply naming each bad row and the problem; the good rows are recorded", async () => {
      await seedFinding(kit, 63, { id: "F1" });
      await seedFinding(kit, 63, { id: "F2" });
      const seen = simulate(63, 630);

      await comment(63, 630, table("| F1 | fixed | |", "| F2 | maybe | |", "| F3 | | |"), {
        login: "Codertocat",
      });
      await kit.runJobs();

      expect(seen.replies).toHaveLength(1);
      const reply = seen.replies[0]!;
      expect(reply).toContain("row 2: `maybe` is not a disposition (fixed, disagree or deferred)");
      expect(reply).toContain("row 3: no `disposition` (fixed, disagree or deferred)");
      expect(reply).toContain("> `| F2 | maybe | |`");
      expect(seen.reactions).toEqual(["eyes", "confused"]);
      expect((await listFiledDispositions(kit.test.db, pr(63))).map((h) => h.id)).toEqual(["F1"]);
    });

    it("reports a block that is not JSON, and records nothing", async () => {
      const seen = simulate(64, 640);

      await comment(64, 640, "```reviewloop-dispositions\n[{id: F1}]\n```", {
        login: "Codertocat",
      });
      await kit.runJobs();

      expect(seen.replies).toHaveLength(1);
      expect(seen.replies[0]).toContain("the reviewloop-dispositions block is not valid JSON:");
    });
  });

  describe("an unknown id", () => {
    it("is reported with its row and the open ids", async () => {
      await seedFinding(kit, 65, { id: "F1" });
      await seedFinding(kit, 65, { id: "F2", status: "resolved" });
      const seen = simulate(65, 650);

      await comment(65, 650, table("| F1 | fixed | |", "| F9 | fixed | |", "| F2 | fixed | |"), {
        login: "Codertocat",
      });
      await kit.runJobs();

      expect(seen.replies).toHaveLength(1);
      expect(seen.replies[0]).toContain(
        "row 2: There is no finding `F9` on this pull request. Open findings: `F1`.",
      );
      expect(seen.replies[0]).toContain("row 3: `F2` is resolved, not open.");
      expect((await listFiledDispositions(kit.test.db, pr(65))).map((h) => h.id)).toEqual(["F1"]);
    });
  });

  describe("who may file", () => {
    it("refuses someone who is neither the fixer, the author nor allowed, with the reason, once", async () => {
      await seedFinding(kit, 66, { id: "F1" });
      await seedFinding(kit, 66, { id: "F2" });
      const seen = simulate(66, 660, { permission: "read" });

      await comment(66, 660, table("| F1 | fixed | |", "| F2 | fixed | |"), { login: "passerby" });
      await kit.runJobs();

      expect(seen.replies).toHaveLength(1);
      expect(seen.replies[0]).toContain(
        "Filing a disposition needs the fixer (`remediation.fixer.logins`), the pull request's author, or write access to this repository; @passerby has read.",
      );
      expect(seen.reactions).toEqual(["eyes", "confused"]);
      expect(await listFiledDispositions(kit.test.db, pr(66))).toEqual([]);
    });

    it("lets a writer file", async () => {
      await seedFinding(kit, 67, { id: "F1" });
      const seen = simulate(67, 670, { permission: "write" });

      await comment(67, 670, table("| F1 | deferred | |"), { login: "maintainer" });
      await kit.runJobs();

      expect(seen.reactions).toEqual(["eyes", "+1"]);
      expect((await listFiledDispositions(kit.test.db, pr(67))).map((h) => h.filedBy)).toEqual([
        "maintainer",
      ]);
    });
  });

  describe("a reply in a finding's review thread", () => {
    it("files the claim on the thread's finding, source thread, with the rest as the note", async () => {
      await seedFinding(kit, 68, { id: "F4", commentId: 5680 });
      const scope = mockConfig(github(), CONFIG)
        .get(`${R}/pulls/68`)
        .reply(200, pullJson({ number: 68 }));
      const answers = mockAnswers(scope, 680, 68, { reactions: 2, reply: false, kind: "review" });

      await kit.receive(
        "pull_request_review_comment",
        reviewReplyPayload({
          pr: 68,
          id: 680,
          body: "Disagree: the caller checks",
          inReplyTo: 5680,
        }),
      );
      await kit.runJobs();

      expect(answers.reactions).toEqual(["eyes", "+1"]);
      expect(
        (await listFiledDispositions(kit.test.db, pr(68))).map((h) => [
          h.id,
          h.disposition,
          h.note,
          h.source,
        ]),
      ).toEqual([["F4", "disagree", "the caller checks", "thread"]]);
    });

    it("is nothing in a thread that is no finding's: no reaction, no reply", async () => {
      const reports = await (async () => {
        await kit.receive(
          "pull_request_review_comment",
          reviewReplyPayload({ pr: 69, id: 690, body: "Fixed, thanks", inReplyTo: 5690 }),
        );
        return kit.runJobs();
      })();

      expect(reports.map((r) => r.outcome)).toEqual(["done"]);
      expect(await rows(kit, "SELECT status FROM command_runs WHERE comment_id = 690")).toEqual([
        { status: "ignored" },
      ]);
    });
  });

  describe("a retried job", () => {
    it("neither records a claim twice nor misreports one", async () => {
      await seedFinding(kit, 70, { id: "F1" });
      await seedFinding(kit, 70, { id: "F2" });
      const seen = simulate(70, 700, { replyAnswers: ["403"] });
      const first = new Date("2026-11-21T12:00:00Z");
      kit.clock.now = first;

      await comment(70, 700, table("| F1 | fixed | |", "| F9 | fixed | |", "| F2 | deferred | |"), {
        login: "Codertocat",
      });
      // The reply is refused once (rate limited): the job fails after recording every entry.
      const firstRun = await kit.runJobs();
      kit.clock.now = new Date("2026-11-21T12:05:00Z");
      const retry = await kit.runJobs({ retryAtOnce: true });

      expect([...firstRun, ...retry].map((r) => r.outcome)).toEqual(["retry", "done"]);
      expect(seen.replies).toHaveLength(1);
      expect(seen.replies[0]).toContain("row 2: There is no finding `F9`");
      expect(seen.replies[0]).not.toContain("not open");
      expect(seen.reactions).toEqual(["eyes", "eyes", "confused"]);
      expect(
        await rows(
          kit,
          `SELECT short_id, filed_at = $1::timestamptz AS first_attempt FROM finding_dispositions
           WHERE pr_number = 70 ORDER BY short_id`,
          [first],
        ),
      ).toEqual([
        { short_id: "F1", first_attempt: true },
        { short_id: "F2", first_attempt: true },
      ]);
      expect(
        await rows(
          kit,
          "SELECT jsonb_array_length(results) AS n FROM command_runs WHERE comment_id = 700",
        ),
      ).toEqual([{ n: 3 }]);
    });
  });

  it("never answers with a line that reads as a command", async () => {
    const seen = simulate(71, 710);

    await comment(71, 710, table("| F1 | /reviewloop fix | |"), { login: "Codertocat" });
    await kit.runJobs();

    expect(seen.replies).toHaveLength(1);
    expect(seen.replies[0]).not.toMatch(new RegExp(`^\\s*(/reviewloop|@${APP_SLUG})`, "m"));
  });
});
