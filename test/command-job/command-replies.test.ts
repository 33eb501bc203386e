import type nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { containsCommand } from "../../src/commands/parse-commands.ts";
import { renderDispositionTable } from "../../src/review/render-disposition-table.ts";
import { listDispositionRows } from "../../src/store/disposition-repository.ts";
import { useMockedGitHub } from "../helpers/mocked-github.ts";
import { testBackends } from "../helpers/test-db.ts";
import { webhookExample } from "../helpers/webhook-examples.ts";
import {
  APP_SLUG,
  type CommandKit,
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
  REPO_ID,
  reviewReplyPayload,
  rows,
  seedFinding,
  sha,
} from "./command-kit.ts";

describe.each(testBackends())("command-job replies on %s", (backend) => {
  let kit: CommandKit;

  beforeAll(async () => {
    kit = await createCommandKit(backend);
  });
  afterAll(() => kit.cleanup());
  useMockedGitHub(mockToken);

  /** Runs one comment by `by` on PR `pr` with `yaml` as config; returns the reply and reactions. */
  async function run(
    pr: number,
    id: number,
    body: string,
    mocks: (scope: nock.Scope) => nock.Scope = (s) => s,
    options: { reply?: boolean; yaml?: string | null; by?: string } = {},
  ) {
    const scope = mocks(mockConfig(github(), options.yaml ?? null));
    const answers = mockAnswers(scope, id, pr, { reactions: 2, reply: options.reply ?? true });
    await kit.receive(
      "issue_comment",
      commentPayload({ pr, id, body, by: { login: options.by ?? "Codertocat" } }),
    );
    const reports = await kit.runJobs();
    expect(reports.map((r) => r.outcome)).toEqual(["done"]);
    expect(scope.isDone()).toBe(true);
    for (const reply of answers.replies) expect(containsCommand(reply, APP_SLUG)).toBe(false);
    return { reply: answers.replies[0] ?? "", reactions: answers.reactions };
  }

  describe("status", () => {
    it("replies with state, round, open findings and the last dispatch", async () => {
      await kit.test.db.query(
        `INSERT INTO loops (installation_id, repo_id, pr_number, repo_full_name, status, head_sha, state)
         VALUES ($1, $2, 20, 'Codertocat/Hello-World', 'idle', $3, $4)`,
        [
          INSTALLATION_ID,
          REPO_ID,
          sha("c0ffee1"),
          { status: "idle", headSha: sha("c0ffee1"), lastReviewedSha: sha("c0ffee1"), round: 1 },
        ],
      );
      await seedFinding(kit, 20, {
        id: "F1",
        severity: "critical",
        path: "src/db.ts",
        line: 42,
        title: "SQL built from user input",
      });
      await seedFinding(kit, 20, {
        id: "F2",
        severity: "info",
        path: "README.md",
        line: 3,
        title: "TODO left",
      });
      await seedFinding(kit, 20, { id: "F3", status: "resolved" });
      await kit.test.db.query(
        `INSERT INTO dispatches (installation_id, repo_id, pr_number, round, dispatch_id, target, status,
           attempt, run_url, conclusion, diagnostics, created_at)
         VALUES ($1, $2, 20, 1, 'd-20-1', 'workflow_dispatch', 'failed', 3,
           'https://github.com/Codertocat/Hello-World/actions/runs/9', 'failure', $3, '2026-11-21T11:00:00Z')`,
        [
          INSTALLATION_ID,
          REPO_ID,
          {
            conclusion: "failure",
            runUrl: "https://github.com/Codertocat/Hello-World/actions/runs/9",
            failedJobs: [
              {
                name: "fix",
                conclusion: "failure",
                failedSteps: ["Run the agent"],
                logTail: "npm ERR! test failed",
              },
            ],
          },
        ],
      );

      const { reply, reactions } = await run(20, 200, "/reviewloop status");

      expect(reactions).toEqual(["eyes", "+1"]);
      expect(reply).toMatchInlineSnapshot(`
        "<!-- reviewloop:reply issue_comment-200 -->

        > \`/reviewloop status\`

        #### reviewloop status

        | | |
        | --- | --- |
        | state | idle: waiting for a new commit |
        | head | \`c0ffee1\` (last reviewed: \`c0ffee1\`) |
        | round | 1/5 (remediation is disabled) |
        | open findings | 2 (1 blocking) |
        | last dispatch | round 1: failed |

        #### Remediation

        - Round: 1/5 — automatic rounds are off (\`remediation.enabled: false\`)
        - Last failed attempt: conclusion \`failure\`; failed: job \`fix\` at \`Run the agent\`; [run](https://github.com/Codertocat/Hello-World/actions/runs/9)

        #### Open findings

        | ID | severity | where | finding | claimed |
        | --- | --- | --- | --- | --- |
        | F1 | 🔴 Critical (blocking) | \`src/db.ts:42\` | SQL built from user input | — |
        | F2 | 🔵 Info | \`README.md:3\` | TODO left | — |

        #### Last dispatch

        Round 1 via \`workflow_dispatch\` at 2026-11-21T11:00:00.000Z: failed (attempt 3), conclusion \`failure\`, [workflow run](https://github.com/Codertocat/Hello-World/actions/runs/9).

        Diagnostics: conclusion \`failure\`; failed: job \`fix\` at \`Run the agent\`; [run](https://github.com/Codertocat/Hello-World/actions/runs/9).

        Log tail of \`fix\`:

        \`\`\`text
        npm ERR! test failed
        \`\`\`"
      `);
    });

    it("shows the end of the failed attempt's log while its retry is in flight", async () => {
      const head = sha("feed123");
      const fix = {
        round: 1,
        attempt: 2,
        dispatchId: "r1.2.2",
        seq: 2,
        headSha: head,
        phase: "running",
        failures: 1,
        scope: "blocking",
        startBlocking: ["f1"],
      };
      await kit.test.db.query(
        `INSERT INTO loops (installation_id, repo_id, pr_number, repo_full_name, status, head_sha, state)
         VALUES ($1, $2, 40, 'Codertocat/Hello-World', 'awaiting_fix', $3, $4)`,
        [
          INSTALLATION_ID,
          REPO_ID,
          head,
          { status: "awaiting_fix", headSha: head, lastReviewedSha: head, round: 1, fix },
        ],
      );
      const log = Array.from({ length: 25 }, (_, i) => `agent output line ${i + 1}`).join("\n");
      const failed = {
        conclusion: "failure",
        failedJobs: [
          { name: "fix", conclusion: "failure", failedSteps: ["Run the agent"], logTail: log },
        ],
      };
      for (const [attempt, status, diagnostics] of [
        [1, "failed", failed],
        [2, "running", null],
      ] as const) {
        await kit.test.db.query(
          `INSERT INTO dispatches (installation_id, repo_id, pr_number, round, dispatch_id, target,
             status, attempt, diagnostics)
           VALUES ($1, $2, 40, 1, $3, 'workflow_dispatch', $4, $5, $6)`,
          [INSTALLATION_ID, REPO_ID, `d-40-${attempt}`, status, attempt, diagnostics],
        );
      }

      const { reply } = await run(40, 240, "/reviewloop status");

      expect(reply).toContain(
        "- Last failed attempt: conclusion `failure`; failed: job `fix` at `Run the agent`",
      );
      // The last 20 lines of the failed job's log, in the remediation section.
      const tail = reply.slice(reply.indexOf("End of the log of `fix`:"));
      expect(tail).toContain("agent output line 6\n");
      expect(tail).toContain("agent output line 25");
      expect(tail).not.toContain("agent output line 5\n");
      // Shown once: the last dispatch (the retry) has no tail of its own.
      expect(reply.split("agent output line 25")).toHaveLength(2);
    });

    it("says none yet before any review or dispatch", async () => {
      const { reply } = await run(21, 201, "/reviewloop status");

      expect(reply).toContain("| state | no review yet |");
      expect(reply).toContain("| last dispatch | none yet |");
    });
  });

  describe("dispose", () => {
    it("records the claim, which the next pass's disposition table shows as pending", async () => {
      await seedFinding(kit, 22, {
        id: "F1",
        severity: "warning",
        path: "src/a.ts",
        line: 7,
        title: "Retry without bound",
      });

      const { reply, reactions } = await run(
        22,
        202,
        '/reviewloop dispose F1 disagree "the retry is bounded by max_attempts"',
        (s) => s.get(`${R}/pulls/22`).reply(200, pullJson({ number: 22 })),
        { reply: false },
      );

      expect(reactions).toEqual(["eyes", "+1"]);
      expect(reply).toBe("");
      const table = renderDispositionTable(
        await listDispositionRows(kit.test.db, { repoId: REPO_ID, prNumber: 22 }),
      );
      expect(table).toMatchInlineSnapshot(`
        "| ID | severity | where | finding | claimed | verified |
        | --- | --- | --- | --- | --- | --- |
        | F1 | 🟡 Warning | \`src/a.ts:7\` | Retry without bound | disagree: the retry is bounded by max\\_attempts | ⏳ pending |"
      `);
    });

    it("lists the open ids when the id is unknown", async () => {
      await seedFinding(kit, 23, { id: "F1" });
      await seedFinding(kit, 23, { id: "F2" });
      await seedFinding(kit, 23, { id: "F3", status: "resolved" });

      const unknown = await run(23, 203, "/reviewloop dispose F9 fixed", (s) =>
        s.get(`${R}/pulls/23`).reply(200, pullJson({ number: 23 })),
      );
      const resolved = await run(23, 204, "/reviewloop dispose F3 fixed", (s) =>
        s.get(`${R}/pulls/23`).reply(200, pullJson({ number: 23 })),
      );

      expect(unknown.reactions).toEqual(["eyes", "confused"]);
      expect(unknown.reply).toContain(
        "There is no finding `F9` on this pull request. Open findings: `F1`, `F2`.",
      );
      expect(resolved.reply).toContain("`F3` is resolved, not open. Open findings: `F1`, `F2`.");
    });

    it("takes the finding of the review thread it replies in", async () => {
      await seedFinding(kit, 24, { id: "F4", commentId: 555 });
      const scope = mockConfig(github(), null)
        .get(`${R}/pulls/24`)
        .reply(200, pullJson({ number: 24 }));
      const answers = mockAnswers(scope, 205, 24, { reactions: 2, reply: false, kind: "review" });

      await kit.receive(
        "pull_request_review_comment",
        reviewReplyPayload({ pr: 24, id: 205, body: "/reviewloop dispose fixed", inReplyTo: 555 }),
      );
      await kit.runJobs();

      expect(scope.isDone()).toBe(true);
      expect(answers.reactions).toEqual(["eyes", "+1"]);
      expect(
        await rows(
          kit,
          "SELECT disposition->>'disposition' AS d FROM findings WHERE pr_number = 24",
        ),
      ).toEqual([{ d: "fixed" }]);
    });
  });

  describe("in a review thread", () => {
    it("answers on the thread's first comment: GitHub takes no replies to replies", async () => {
      await seedFinding(kit, 26, { id: "F1", commentId: 556 });
      const replies: string[] = [];
      const lookups: unknown[] = [];
      const scope = mockConfig(github(), null)
        .post(`${R}/pulls/comments/207/reactions`)
        .twice()
        .reply(201, { id: 1 })
        .get(`${R}/pulls/26/comments`)
        .query((query) => {
          lookups.push(query.since);
          return true;
        })
        .reply(200, [])
        .post(`${R}/pulls/26/comments/556/replies`, (body: { body?: string }) => {
          replies.push(body.body ?? "");
          return true;
        })
        .reply(201, { id: 778_207, html_url: "https://github.com/reply" });

      await kit.receive(
        "pull_request_review_comment",
        reviewReplyPayload({ pr: 26, id: 207, body: "/reviewloop frobnicate", inReplyTo: 556 }),
      );
      await kit.runJobs();

      expect(scope.isDone()).toBe(true);
      expect(replies).toHaveLength(1);
      // Our reply, if any, is among the review comments updated since the command comment.
      expect(lookups).toEqual([
        (webhookExample("pull_request_review_comment", "created").comment as { created_at: string })
          .created_at,
      ]);
    });
  });

  describe("ignore", () => {
    it("needs write access and dismisses the finding", async () => {
      await seedFinding(kit, 25, { id: "F1" });

      await run(
        25,
        206,
        "/reviewloop ignore F1 vendored file",
        (s) =>
          s
            .get(`${R}/pulls/25`)
            .reply(200, pullJson({ number: 25 }))
            .get(`${R}/collaborators/writer/permission`)
            .reply(200, permissionJson("write", "maintain")),
        { reply: false, by: "writer" },
      );

      expect(
        await rows(
          kit,
          "SELECT status, disposition->>'note' AS note FROM findings WHERE pr_number = 25",
        ),
      ).toEqual([{ status: "ignored", note: "vendored file" }]);
    });
  });

  describe("bad input", () => {
    it("answers an unknown command with the closest name and the help text", async () => {
      const { reply, reactions } = await run(26, 207, "/reviewloop reveiw");

      expect(reactions).toEqual(["eyes", "confused"]);
      expect(reply).toContain("`reveiw` is not a reviewloop command. Did you mean `review`?");
      expect(reply).toContain("`/reviewloop full-review` — Review the whole pull request again");
    });

    it("answers wrong arguments with the command's usage", async () => {
      const { reply } = await run(27, 208, "/reviewloop dispose F1 maybe");

      expect(reply).toContain("`/reviewloop dispose <id> fixed|disagree|deferred [note]`");
    });

    it("reads a very long comment only up to the bound and says which lines were not read", async () => {
      const body = `/reviewloop help\n${"filler text\n".repeat(2_000)}/reviewloop stop\n`;

      const { reply } = await run(28, 209, body);

      expect(reply).toContain("Only the first 10000 characters of a comment are read for commands");
      expect(await rows(kit, "SELECT status FROM loops WHERE pr_number = 28")).toEqual([]);
    });
  });

  describe("several commands in one comment", () => {
    it("runs them in order and answers once, quoting each", async () => {
      await seedFinding(kit, 29, { id: "F1" });

      const { reply, reactions } = await run(
        29,
        210,
        "Thanks!\n/reviewloop dispose F1 fixed\n/reviewloop pause\n/reviewloop status\n/reviewloop resume",
        (s) =>
          s
            .get(`${R}/pulls/29`)
            .reply(200, pullJson({ number: 29 }))
            .get(`${R}/collaborators/Codertocat/permission`)
            .reply(200, permissionJson("admin")),
      );

      expect(reactions).toEqual(["eyes", "+1"]);
      const order = ["dispose F1 fixed", "pause", "status", "resume"].map((line) =>
        reply.indexOf(`> \`/reviewloop ${line}\``),
      );
      expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
      expect(reply).toContain("Recorded `F1` as fixed");
      expect(reply).toContain("| state | paused: new commits are not reviewed until `resume` |");
      expect(reply).toContain("Resumed. Reviewing `he4d000`.");
      expect(await rows(kit, "SELECT status FROM loops WHERE pr_number = 29")).toEqual([
        { status: "reviewing" },
      ]);
    });
  });

  describe("help", () => {
    it("replies with the table of commands and who may run them under this repository's config", async () => {
      const { reply } = await run(30, 211, "@reviewloop help", undefined, {
        yaml: "commands:\n  permissions:\n    fix: maintain\n",
      });

      expect(reply).toContain(
        "| `/reviewloop fix` | Dispatch a remediation round now. | maintain |",
      );
    });
  });
});
