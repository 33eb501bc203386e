import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { registerHandlers } from "../../src/handlers/register-handlers.ts";
import { commentPayload, reviewReplyPayload } from "../command-job/command-kit.ts";
import { createTestProbot } from "../helpers/probot.ts";
import { openTestDb, type TestDatabase } from "../helpers/test-db.ts";

describe("handlers/comment handlers", () => {
  let test: TestDatabase;
  let wakes = 0;
  const probot = createTestProbot();

  beforeAll(async () => {
    test = await openTestDb("pglite");
    // No slug given: the handlers ask GitHub once (`GET /app`) and keep the answer.
    probot.load((app) => registerHandlers(app, { db: test.db, onEnqueued: () => void wakes++ }));
  });
  afterAll(() => test.cleanup());
  beforeEach(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  let delivery = 0;
  function receive(name: string, payload: Record<string, unknown>) {
    return probot.receive({ id: `comment-${++delivery}`, name, payload } as never);
  }

  async function jobs(): Promise<{ dedupe_key: string; payload: { appSlug: string } }[]> {
    const { rows } = await test.db.query<{ dedupe_key: string; payload: { appSlug: string } }>(
      "SELECT dedupe_key, payload FROM jobs WHERE kind = 'RunCommands' ORDER BY id",
    );
    return rows;
  }

  it("reads the app's slug once, then queues one job per comment with a command", async () => {
    const scope = nock("https://api.github.com")
      .get("/app")
      .once()
      .reply(200, { id: 123, slug: "loopy", name: "Loopy", owner: { login: "o" } });

    await receive("issue_comment", commentPayload({ pr: 1, id: 1, body: "@loopy review" }));
    await receive("issue_comment", commentPayload({ pr: 1, id: 2, body: "/reviewloop status" }));
    await receive("issue_comment", commentPayload({ pr: 1, id: 3, body: "@reviewloop review" }));

    expect(scope.isDone()).toBe(true);
    expect((await jobs()).map((j) => [j.dedupe_key, j.payload.appSlug])).toEqual([
      ["commands:186853002#1:1", "loopy"],
      ["commands:186853002#1:2", "loopy"],
    ]);
    expect(wakes).toBe(2);
  });

  it("ignores the app's own bot account by its slug", async () => {
    const before = (await jobs()).length;

    await receive(
      "issue_comment",
      commentPayload({
        pr: 2,
        id: 10,
        body: "/reviewloop stop",
        by: { login: "loopy[bot]", type: "Bot" },
      }),
    );

    expect(await jobs()).toHaveLength(before);
  });

  it("queues a reply in a review thread with the comment it replies to", async () => {
    await receive(
      "pull_request_review_comment",
      reviewReplyPayload({ pr: 3, id: 20, body: "/reviewloop ignore", inReplyTo: 19 }),
    );

    const last = (await jobs()).at(-1);
    expect(last?.dedupe_key).toBe("commands:186853002#3:review-20");
    expect(last?.payload).toMatchObject({
      comment: { kind: "review_comment", id: 20, inReplyToId: 19 },
    });
  });

  it("keeps only what the parser reads of a very long comment", async () => {
    const body = `/reviewloop help\n${"x".repeat(200_000)}`;

    await receive("issue_comment", commentPayload({ pr: 4, id: 30, body }));

    const last = (await jobs()).at(-1) as unknown as { payload: { comment: { body: string } } };
    expect(last.payload.comment.body.length).toBe(10_001);
  });
});
