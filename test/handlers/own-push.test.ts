import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { registerHandlers } from "../../src/handlers/register-handlers.ts";
import { reduce } from "../../src/loop/reduce.ts";
import { INITIAL_LOOP_STATE, type LoopState } from "../../src/loop/types.ts";
import { readLoop } from "../../src/store/loop-repository.ts";
import { createTestProbot } from "../helpers/probot.ts";
import { openTestDb, type TestDatabase, testBackends } from "../helpers/test-db.ts";
import { webhookExample } from "../helpers/webhook-examples.ts";
import { answer, opened, posted, replay, SETTINGS } from "../loop/remediation-fixtures.ts";

const REPO_ID = 5150;
const HEAD = "a".repeat(40);
const PUSHED = "b".repeat(40);

/** Round 1 of `pr` accepted by the fixer at `HEAD`: the loop waits for the fixer's push. */
function roundAccepted(): LoopState {
  const reviewing = { ...replay(INITIAL_LOOP_STATE, opened(HEAD)), settings: SETTINGS };
  const round = reduce(reviewing, posted(reviewing, ["f1"])).state;
  return replay(round, answer(round, "accepted"));
}

describe.each(testBackends())("handlers: a push by the app itself (%s)", (backend) => {
  let test: TestDatabase;
  const probot = createTestProbot();

  beforeAll(async () => {
    test = await openTestDb(backend);
    // No slug given, as in production: nothing has read it when the first push arrives.
    probot.load((app) => registerHandlers(app, { db: test.db, onEnqueued: () => {} }));
  });
  afterAll(() => test.cleanup());
  beforeEach(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  async function inRound(pr: number) {
    const state = roundAccepted();
    await test.db.query(
      `INSERT INTO loops (installation_id, repo_id, pr_number, repo_full_name, status, head_sha, state)
       VALUES (4242, $1, $2, 'acme/app', $3, $4, $5)`,
      [REPO_ID, pr, state.status, HEAD, state],
    );
  }

  function pushBy(pr: number, sender: { login: string; type: string }) {
    const payload = webhookExample("pull_request", "synchronize");
    const p = payload.pull_request as {
      number: number;
      head: { sha: string };
      updated_at: string;
    };
    p.number = pr;
    p.head.sha = PUSHED;
    p.updated_at = "2030-01-01T00:00:00Z";
    payload.repository = { ...(payload.repository as object), id: REPO_ID, full_name: "acme/app" };
    payload.before = HEAD;
    payload.after = PUSHED;
    payload.sender = { ...(payload.sender as object), ...sender };
    return probot.receive({ id: `push-${pr}`, name: "pull_request", payload } as never);
  }

  it("the app's first push after a start continues the round (the slug is read first), a person's pauses it", async () => {
    const app = nock("https://api.github.com")
      .get("/app")
      .once()
      .reply(200, { id: 123, slug: "loopy", name: "Loopy", owner: { login: "o" } });
    await inRound(1);
    await pushBy(1, { login: "loopy[bot]", type: "Bot" });
    expect(app.isDone()).toBe(true);
    const own = await readLoop(test.db, REPO_ID, 1);
    expect(own?.state.status).not.toBe("paused");
    expect(own?.state.fix?.phase).toBe("pushed");
    expect(own?.state.reason).toContain("the fixer pushed");

    await inRound(2);
    await pushBy(2, { login: "alice", type: "User" });
    const human = await readLoop(test.db, REPO_ID, 2);
    expect(human?.state.status).toBe("paused");
    expect(human?.state.reason).toContain("@alice pushed");
  });
});
