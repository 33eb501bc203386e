import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { TEST_WEBHOOK_SECRET } from "../helpers/start-test-app.ts";
import { testBackends } from "../helpers/test-db.ts";
import {
  filesFromDiff,
  type PullRequestEventOptions,
  pullRequestPayload,
  sendWebhook,
} from "./github-simulator/index.ts";
import {
  askStatus,
  deliverPullRequest,
  diffWithFindings,
  INSTALLATION,
  passFinished,
  postedFor,
  REPO,
  type Scenario,
  seedPullRequest,
  sha,
  startScenario,
  stateOf,
} from "./harness/scenario.ts";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

// Every table that holds something of a repository (src/store/purge-repository.ts).
const REPOSITORY_TABLES = [
  "jobs",
  "findings",
  "finding_dispositions",
  "reviews",
  "dispatches",
  "loops",
  "deliveries",
  "command_runs",
  "command_cooldowns",
  "llm_cache",
];

/**
 * Races on the running app that must never leave a pull request waiting: late deliveries,
 * close + reopen or a force-push back during a pass, and an uninstall during a pass.
 */
describe.each(testBackends())("e2e/never stuck on the running app (%s)", (backend) => {
  let s: Scenario;

  beforeAll(async () => {
    s = await startScenario(backend);
  });
  afterAll(() => s?.close());
  afterEach(() => {
    expect(s.sim.violations.splice(0)).toEqual([]);
  });

  const payloadOf = (number: number, action: PullRequestEventOptions["action"]) =>
    pullRequestPayload(s.sim, { repo: REPO, number, action });
  const send = async (name: string, payload: unknown) => {
    const response = await sendWebhook(s.app.url, { name, payload, secret: TEST_WEBHOOK_SECRET });
    expect(response.status).toBe(200);
    return response.id;
  };
  const setState = (number: number, state: "open" | "closed") => {
    s.sim.state.pullRequests.get(`${REPO}#${number}`)!.state = state;
  };

  it("reviews the newest head when two synchronize deliveries arrive out of order", async () => {
    const [h0, h1, h2] = ["0", "1", "2"].map((n) => sha(`${backend}-order-${n}`)) as [
      string,
      string,
      string,
    ];
    seedPullRequest(s.sim, 1, { head: h0 });
    await deliverPullRequest(s, s.app, 1, "opened");
    await passFinished(s.app, 1, h0);
    s.sim.pushCommits(REPO, 1, { newHeadSha: h1, files: filesFromDiff(diffWithFindings(3)) });
    const olderPush = payloadOf(1, "synchronize");
    s.sim.pushCommits(REPO, 1, { newHeadSha: h2, files: filesFromDiff(diffWithFindings(4)) });
    const from = s.app.logs.length;

    await send("pull_request", payloadOf(1, "synchronize"));
    const lateId = await send("pull_request", olderPush);
    await passFinished(s.app, 1, h2, from);
    // If the late delivery started a pass of the older head, wait for it to end as well.
    const late = await s.app.waitForLog((l) => l.msg === "Applied loop event" && l.id === lateId);
    if (Number(late.enqueued) > 0) await passFinished(s.app, 1, h1, from);
    const status = await askStatus(s, s.app, 1);

    expect(postedFor(s.sim, 1, h2).reviews).toHaveLength(1);
    expect(postedFor(s.sim, 1, h1).reviews).toHaveLength(0);
    expect(stateOf(status)).not.toBe("reviewing");
    expect(status).toContain(`| head | \`${h2.slice(0, 7)}\``);
  });

  it("reviews the head when the pull request is closed and reopened while its pass runs", async () => {
    const head = sha(`${backend}-reopen`);
    seedPullRequest(s.sim, 2, { head });
    const files = s.sim.hold({ method: "GET", path: `/repos/${REPO}/pulls/2/files` });
    const from = s.app.logs.length;

    await deliverPullRequest(s, s.app, 2, "opened");
    await files.arrived;
    setState(2, "closed");
    await send("pull_request", payloadOf(2, "closed"));
    // The pass sees the close after its engines ran and completes its check run: hold that.
    const completing = s.sim.hold({
      method: "PATCH",
      path: /^\/repos\/acme\/app\/check-runs\/\d+$/,
    });
    files.release();
    await completing.arrived;
    setState(2, "open");
    await send("pull_request", payloadOf(2, "reopened"));
    completing.release();
    await s.app.waitForLog(
      (l) =>
        l.msg === "Review pass finished" &&
        l.pr === 2 &&
        l.sha === head.slice(0, 7) &&
        l.outcome === "posted",
      { from, what: "a posted review of the reopened pull request" },
    );

    expect(postedFor(s.sim, 2, head).reviews).toHaveLength(1);
    expect(stateOf(await askStatus(s, s.app, 2))).not.toBe("reviewing");
  });

  it("reviews a head force-pushed back to while its pass runs", async () => {
    const [a, b] = ["a", "b"].map((n) => sha(`${backend}-back-${n}`)) as [string, string];
    seedPullRequest(s.sim, 4, { head: a });
    const files = s.sim.hold({ method: "GET", path: `/repos/${REPO}/pulls/4/files` });
    const from = s.app.logs.length;

    await deliverPullRequest(s, s.app, 4, "opened");
    await files.arrived; // the pass of A runs
    s.sim.pushCommits(REPO, 4, { newHeadSha: b, files: filesFromDiff(diffWithFindings(3)) });
    await send("pull_request", payloadOf(4, "synchronize"));
    s.sim.pushCommits(REPO, 4, {
      newHeadSha: a,
      files: filesFromDiff(diffWithFindings(2)),
      forcePush: true,
    });
    await send("pull_request", payloadOf(4, "synchronize"));
    files.release();
    // The running pass of A, then the pass the push back to A asked for (queued behind it).
    const first = await passFinished(s.app, 4, a, from);
    await passFinished(s.app, 4, a, s.app.logs.indexOf(first) + 1);
    const status = await askStatus(s, s.app, 4);

    const posted = postedFor(s.sim, 4, a);
    expect(posted.reviews).toHaveLength(1);
    expect(posted.checkRuns.map((run) => run.status)).toEqual(["completed"]);
    expect(postedFor(s.sim, 4, b).reviews).toHaveLength(0);
    expect(stateOf(status)).not.toBe("reviewing");
    const short = a.slice(0, 7);
    expect(status).toContain(`| head | \`${short}\` (last reviewed: \`${short}\`)`);
  });

  // Last: the uninstall deletes everything of the installation this describe shares.
  it("keeps nothing of the repository when the app is uninstalled while a pass runs", async () => {
    const head = sha(`${backend}-uninstall`);
    seedPullRequest(s.sim, 3, { head });
    const review = s.sim.hold({ method: "POST", path: `/repos/${REPO}/pulls/3/reviews` });
    const from = s.app.logs.length;

    await deliverPullRequest(s, s.app, 3, "opened");
    await review.arrived;
    const running = await s.app.waitForLog((l) => l.msg === "Reviewing" && l.pr === 3, { from });
    await send("installation", {
      action: "deleted",
      installation: { id: INSTALLATION, account: { login: "acme", id: 1, type: "Organization" } },
      sender: { login: "acme-admin", id: 2, type: "User" },
    });
    review.release();
    await s.app.waitForLog(
      (l) => l.jobId === running.jobId && /^job (done|is dead|failed|finished)/.test(l.msg),
      { from, what: "the running pass to end" },
    );
    // PGlite's data directory belongs to the running app: read it once the app stopped.
    if (backend === "pglite") await s.app.stop();

    const left: Record<string, number> = {};
    for (const table of REPOSITORY_TABLES) {
      const rows = await s.deployment.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${table} WHERE installation_id = $1`,
        [INSTALLATION],
      );
      left[table] = rows[0]!.n;
    }
    expect(left).toEqual(Object.fromEntries(REPOSITORY_TABLES.map((table) => [table, 0])));
  });
});
