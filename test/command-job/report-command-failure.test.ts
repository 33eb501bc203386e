import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommandFailureReporter } from "../../src/command-job/report-command-failure.ts";
import { failJob } from "../../src/jobs/fail-job.ts";
import type { JobFailureReporter, LeasedJob } from "../../src/jobs/job-types.ts";
import { leaseJobs } from "../../src/jobs/lease-jobs.ts";
import {
  claimCommandRun,
  finishCommandRun,
  recordCommandOutcome,
  recordCommandReaction,
} from "../../src/store/command-repository.ts";
import { useMockedGitHub } from "../helpers/mocked-github.ts";
import { createTestProbot } from "../helpers/probot.ts";
import { testBackends } from "../helpers/test-db.ts";
import {
  type CommandKit,
  commentPayload,
  createCommandKit,
  github,
  INSTALLATION_ID,
  mockToken,
  R,
  REPO_ID,
  rows,
} from "./command-kit.ts";

describe.each(testBackends())("command-job/createCommandFailureReporter on %s", (backend) => {
  let kit: CommandKit;
  let report: JobFailureReporter;
  const ctx = {
    log: pino({ level: "silent" }),
    signal: new AbortController().signal,
    assertLease: async () => {},
  };

  beforeAll(async () => {
    kit = await createCommandKit(backend);
    const probot = createTestProbot();
    report = createCommandFailureReporter({
      db: kit.test.db,
      github: { forInstallation: (id) => probot.auth(id) },
      dryRun: false,
      pauseMs: 0,
    });
  });
  afterAll(() => kit.cleanup());
  useMockedGitHub(mockToken);

  /**
   * A RunCommands job for `body` that died on its only attempt with `error`, after recording
   * the outcome of its first command (`pause`) — as a crash or an expired lease leaves it.
   */
  async function deadJob(pr: number, id: number, body: string, error: Error) {
    await kit.receive("issue_comment", commentPayload({ pr, id, body }));
    await kit.test.db.query(
      "UPDATE jobs SET max_attempts = 1 WHERE kind = 'RunCommands' AND status = 'queued'",
    );
    // The reports the queue enqueued for earlier tests' dead jobs: this test calls the reporter itself.
    await kit.test.db.query(
      "UPDATE jobs SET status = 'cancelled' WHERE kind = 'ReportFailure' AND status = 'queued'",
    );
    const [job] = await leaseJobs(kit.test.db, { limit: 1, leaseMs: 60_000 });
    const key = { kind: "issue_comment", id } as const;
    await claimCommandRun(kit.test.db, {
      ...key,
      installationId: INSTALLATION_ID,
      repoId: REPO_ID,
      prNumber: pr,
      actor: "Codertocat",
      jobId: job!.id,
    });
    await recordCommandOutcome(kit.test.db, key, {
      line: 1,
      command: "pause",
      outcome: "ran",
      message: "Paused: new commits are not reviewed and nothing is dispatched until `resume`.",
    });
    expect(await failJob(kit.test.db, job!, error)).toBe("dead");
    const [row] = await rows<{ last_error: LeasedJob["lastError"] }>(
      kit,
      "SELECT last_error FROM jobs WHERE id = $1",
      [job!.id],
    );
    return { job: job!, diagnostics: row!.last_error, key };
  }

  /** GitHub's conversation of PR `pr`: lists `existing`, records reactions and posted replies. */
  function conversation(pr: number, id: number, existing: { id: number; body: string }[] = []) {
    const seen = { replies: [] as string[], reactions: [] as string[] };
    github()
      .persist()
      .get(`${R}/issues/${pr}/comments`)
      .query(true)
      .reply(
        200,
        existing.map((c) => ({ ...c, html_url: "https://x" })),
      )
      .post(`${R}/issues/comments/${id}/reactions`, (body: { content?: unknown }) => {
        if (typeof body.content === "string") seen.reactions.push(body.content);
        return typeof body.content === "string";
      })
      .reply(201, { id: 1 })
      .post(`${R}/issues/${pr}/comments`, (body: { body?: unknown }) => {
        if (typeof body.body === "string") seen.replies.push(body.body);
        return typeof body.body === "string";
      })
      .reply(201, { id: 5000 + id, html_url: "https://x" });
    return seen;
  }

  async function runStatus(id: number) {
    return rows<{ status: string; reply: number | null; reaction: string | null }>(
      kit,
      "SELECT status, reply_comment_id AS reply, reaction FROM command_runs WHERE comment_id = $1",
      [id],
    );
  }

  it("replies once that the job failed and why, which commands ran and which did not, and reacts 😕", async () => {
    const failure = await deadJob(
      50,
      500,
      "/reviewloop pause\n/reviewloop status",
      new Error("worker crashed: out of memory\n    at Object.<anonymous> (worker.js:1:1)"),
    );
    const seen = conversation(50, 500);

    await report(failure, ctx);
    await report(failure, ctx);

    expect(seen.replies).toHaveLength(1);
    expect(seen.replies[0]).toMatchInlineSnapshot(`
      "<!-- reviewloop:reply issue_comment-500 -->

      reviewloop failed while running this comment's commands and gave up after 1 attempt: \`worker crashed: out of memory\`. Ran: \`pause\`. Did not run: \`status\`. Give them again in a new comment to retry.

      > \`/reviewloop pause\`

      Paused: new commits are not reviewed and nothing is dispatched until \`resume\`.

      > \`/reviewloop status\`

      Did not run."
    `);
    expect(seen.reactions).toEqual(["confused"]);
    expect(await runStatus(500)).toEqual([{ status: "failed", reply: 5500, reaction: "confused" }]);
  });

  it("does not post a second reply when the job had posted its own", async () => {
    const failure = await deadJob(51, 501, "/reviewloop pause", new Error("lease expired"));
    const seen = conversation(51, 501, [
      { id: 42, body: "<!-- reviewloop:reply issue_comment-501 -->\n\nPaused." },
    ]);

    await report(failure, ctx);

    expect(seen.replies).toEqual([]);
    expect(seen.reactions).toEqual(["confused"]);
    expect(await runStatus(501)).toEqual([{ status: "failed", reply: 42, reaction: "confused" }]);
  });

  it("keeps the 👍 the job had chosen instead of adding 😕 next to it", async () => {
    const failure = await deadJob(52, 502, "/reviewloop pause", new Error("lease expired"));
    await recordCommandReaction(kit.test.db, failure.key, "+1");
    const seen = conversation(52, 502, [
      { id: 43, body: "<!-- reviewloop:reply issue_comment-502 -->\n\nPaused." },
    ]);

    await report(failure, ctx);

    expect(seen.reactions).toEqual(["+1"]);
  });

  it("does nothing for a comment whose run had finished", async () => {
    const failure = await deadJob(53, 503, "/reviewloop pause", new Error("completing failed"));
    await finishCommandRun(kit.test.db, failure.key, "done");

    // No GitHub interceptor: any request would fail the report.
    await report(failure, ctx);

    expect(await runStatus(503)).toEqual([{ status: "done", reply: null, reaction: null }]);
  });
});
