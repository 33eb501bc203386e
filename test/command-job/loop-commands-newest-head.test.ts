import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LoopEvent } from "../../src/loop/types.ts";
import { applyEvent } from "../../src/spine/apply-event.ts";
import { useMockedGitHub } from "../helpers/mocked-github.ts";
import { testBackends } from "../helpers/test-db.ts";
import {
  type CommandKit,
  commentPayload,
  createCommandKit,
  github,
  INSTALLATION_ID,
  mockAnswers,
  mockConfig,
  mockToken,
  pullJson,
  R,
  REPO,
  REPO_ID,
  rows,
  sha,
} from "./command-kit.ts";

const actor = { login: "Codertocat", type: "User" };

describe.each(testBackends())("command-job loop commands on the newest head on %s", (backend) => {
  let kit: CommandKit;

  beforeAll(async () => {
    kit = await createCommandKit(backend);
  });
  afterAll(() => kit.cleanup());
  useMockedGitHub(mockToken);

  /** A `pull_request` event applied to the loop as the webhook handler would. */
  function applyHead(pr: number, event: Partial<LoopEvent> & { headSha: string }, id: string) {
    return applyEvent(kit.test.db, {
      deliveryId: id,
      eventName: "pull_request",
      installationId: INSTALLATION_ID,
      repoId: REPO_ID,
      repoFullName: REPO,
      prNumber: pr,
      event: {
        type: "HeadUpdated",
        action: "synchronize",
        baseSha: sha("ba5e"),
        baseRef: "main",
        draft: false,
        actor,
        ...event,
      } as LoopEvent,
    });
  }

  async function reviewHeads(pr: number): Promise<string[]> {
    const found = await rows<{ sha: string }>(
      kit,
      "SELECT payload->>'headSha' AS sha FROM jobs WHERE group_key = $1 AND kind = 'RunReview' AND status = 'queued' ORDER BY id",
      [`pr:${REPO_ID}#${pr}`],
    );
    return found.map((row) => row.sha);
  }

  it("reviews the push applied after the command read the older head", async () => {
    await applyHead(31, { headSha: sha("a31"), updatedAt: "2026-11-21T11:00:01Z" }, "nh-1");
    const scope = mockConfig(github(), null)
      .get(`${R}/pulls/31`)
      .reply(200, {
        ...pullJson({ number: 31, head: sha("a31") }),
        updated_at: "2026-11-21T11:00:01Z",
      });
    mockAnswers(scope, 331, 31, { reactions: 2, reply: false });
    // GitHub answers the command's read with A; the push to B is applied before the command's
    // event (as when it lands between the read and the event).
    await applyHead(
      31,
      { headSha: sha("b31"), updatedAt: "2026-11-21T11:00:05Z", before: sha("a31") },
      "nh-2",
    );

    await kit.receive(
      "issue_comment",
      commentPayload({ pr: 31, id: 331, body: "/reviewloop review" }),
    );
    await kit.runJobs();

    expect(scope.isDone()).toBe(true);
    expect(await reviewHeads(31)).toEqual([sha("b31")]);
    const loop = await rows<{ head_sha: string }>(
      kit,
      "SELECT head_sha FROM loops WHERE pr_number = 31",
    );
    expect(loop).toEqual([{ head_sha: sha("b31") }]);
  });

  it("shows in status why the loop is where it is", async () => {
    await applyHead(32, { action: "opened", headSha: sha("c32") }, "nh-3");
    await kit.test.db.query("UPDATE jobs SET status = 'cancelled' WHERE group_key = $1", [
      `pr:${REPO_ID}#32`,
    ]);
    const scope = mockConfig(github(), null);
    const answers = mockAnswers(scope, 332, 32, { reactions: 2, reply: true });

    await kit.receive(
      "issue_comment",
      commentPayload({ pr: 32, id: 332, body: "/reviewloop status" }),
    );
    await kit.runJobs();

    expect(scope.isDone()).toBe(true);
    expect(answers.replies[0]).toContain(
      "| why | Reviewing c320000 after the pull request was opened. |",
    );
  });
});
