import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { registerHandlers } from "../../src/handlers/register-handlers.ts";
import { enqueueJob } from "../../src/jobs/enqueue-job.ts";
import { applyEvent } from "../../src/spine/apply-event.ts";
import { createTestProbot } from "../helpers/probot.ts";
import { openTestDb, type TestDatabase, testBackends } from "../helpers/test-db.ts";
import { webhookExample } from "../helpers/webhook-examples.ts";

describe.each(testBackends())("check_run / check_suite completed (%s)", (backend) => {
  let test: TestDatabase;
  let wakes = 0;
  let deliveries = 0;
  let prs = 500;
  const probot = createTestProbot();
  const REPO_ID = 186853002;

  beforeAll(async () => {
    test = await openTestDb(backend);
    probot.load((app) =>
      registerHandlers(app, { db: test.db, onEnqueued: () => wakes++, appSlug: "reviewloop" }),
    );
  });
  afterAll(() => test.cleanup());
  beforeEach(() => {
    wakes = 0;
    nock.disableNetConnect();
  });
  afterEach(() => {
    // Handlers only record and enqueue: no GitHub request.
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const shaOf = (n: number) => n.toString(16).padStart(40, "c");

  /** A loop for a new pull request whose head is `sha`. */
  async function loopAt(sha: string): Promise<number> {
    const prNumber = ++prs;
    await applyEvent(test.db, {
      deliveryId: `seed-${backend}-${prNumber}`,
      eventName: "pull_request",
      installationId: 4242,
      repoId: REPO_ID,
      repoFullName: "Codertocat/Hello-World",
      prNumber,
      event: {
        type: "HeadUpdated",
        action: "opened",
        headSha: sha,
        baseSha: "b".repeat(40),
        baseRef: "main",
        draft: false,
        actor: { login: "octocat", type: "User" },
      },
    });
    return prNumber;
  }

  function checkRun(sha: string, listed: number[], extra: Record<string, unknown> = {}) {
    const payload = webhookExample("check_run", "completed");
    Object.assign(payload.check_run as object, {
      head_sha: sha,
      pull_requests: listed.map((number) => ({
        number,
        id: number,
        url: "",
        head: { ref: "x", sha, repo: { id: REPO_ID, url: "", name: "Hello-World" } },
        base: {
          ref: "main",
          sha: "b".repeat(40),
          repo: { id: REPO_ID, url: "", name: "Hello-World" },
        },
      })),
      ...extra,
    });
    return payload;
  }

  function receive(name: string, payload: Record<string, unknown>, id = `d-${++deliveries}`) {
    return probot.receive({ id, name, payload } as never);
  }

  async function observations(prNumber: number) {
    const { rows } = await test.db.query<{ payload: { headSha: string; deliveryId: string } }>(
      `SELECT payload FROM jobs WHERE kind = 'ObserveChecks' AND payload->>'prNumber' = $1`,
      [String(prNumber)],
    );
    return rows.map((row) => row.payload);
  }

  it("enqueues one observation for a listed pull request in the loop; a redelivery none", async () => {
    const sha = shaOf(1);
    const pr = await loopAt(sha);

    await receive("check_run", checkRun(sha, [pr]), "same-delivery");
    await receive("check_run", checkRun(sha, [pr]), "same-delivery");

    expect(await observations(pr)).toEqual([
      expect.objectContaining({ headSha: sha, deliveryId: "same-delivery", prNumber: pr }),
    ]);
    expect(wakes).toBe(1);
  });

  it("adds no observation while one of that head is still queued; once it ran, the next completion adds one", async () => {
    const sha = shaOf(7);
    const pr = await loopAt(sha);

    await receive("check_run", checkRun(sha, [pr]));
    await receive("check_run", checkRun(sha, [pr]));
    expect(await observations(pr)).toHaveLength(1);

    await test.db.query(
      "UPDATE jobs SET status = 'done' WHERE kind = 'ObserveChecks' AND payload->>'prNumber' = $1",
      [String(pr)],
    );
    await receive("check_run", checkRun(sha, [pr]));
    expect(await observations(pr)).toHaveLength(2);
  });

  it("finds a fork's pull request (none listed) by its loop's head", async () => {
    const sha = shaOf(2);
    const pr = await loopAt(sha);
    const suite = webhookExample("check_suite", "completed", 1);
    (suite.check_suite as { head_sha: string }).head_sha = sha;

    await receive("check_suite", suite);

    expect(await observations(pr)).toHaveLength(1);
  });

  it("enqueues nothing for a pull request the loop never saw", async () => {
    const sha = shaOf(3);

    await receive("check_run", checkRun(sha, [999_999]));

    expect(await observations(999_999)).toEqual([]);
    expect(wakes).toBe(0);
  });

  it("enqueues nothing for a loop whose last pass read remediation off or on_ci_failure off", async () => {
    const sha = shaOf(6);
    const [off, ciOff, on] = [await loopAt(sha), await loopAt(sha), await loopAt(sha)];
    const settings = (enabled: boolean, onCiFailure: boolean) =>
      JSON.stringify({ enabled, onCiFailure, maxRounds: 3, fixerLogins: [] });
    const setSettings = (pr: number, value: string) =>
      test.db.query(
        "UPDATE loops SET state = jsonb_set(state, '{settings}', $3::jsonb) WHERE repo_id = $1 AND pr_number = $2",
        [REPO_ID, pr, value],
      );
    await setSettings(off, settings(false, true));
    await setSettings(ciOff, settings(true, false));
    await setSettings(on, settings(true, true));

    await receive("check_run", checkRun(sha, [off, ciOff, on]));

    expect(await observations(off)).toEqual([]);
    expect(await observations(ciOff)).toEqual([]);
    expect(await observations(on)).toHaveLength(1);
  });

  it("ignores our own check run outright", async () => {
    const sha = shaOf(4);
    const pr = await loopAt(sha);

    await receive(
      "check_run",
      checkRun(sha, [pr], {
        name: "reviewloop",
        external_id: `reviewloop:${REPO_ID}#${pr}@${sha}/1.0`,
      }),
    );

    expect(await observations(pr)).toEqual([]);
  });

  it("wakes a review pass of that head waiting for its checks", async () => {
    const sha = shaOf(5);
    const pr = await loopAt(sha);
    await test.db.query("DELETE FROM jobs WHERE kind = 'RunReview' AND payload->>'headSha' = $1", [
      sha,
    ]);
    const waiting = await enqueueJob(test.db, {
      kind: "RunReview",
      installationId: 4242,
      repoId: REPO_ID,
      payload: { headSha: sha, prNumber: pr },
      dedupeKey: `waiting-${backend}-${sha}`,
      runAt: new Date(Date.now() + 3_600_000),
    });

    await receive("check_run", checkRun(sha, [pr]));

    const { rows } = await test.db.query<{ due: boolean }>(
      "SELECT run_at <= now() AS due FROM jobs WHERE id = $1",
      [waiting!.id],
    );
    expect(rows[0]!.due).toBe(true);
  });
});
