import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { TEST_WEBHOOK_SECRET } from "../helpers/start-test-app.ts";
import { testBackends } from "../helpers/test-db.ts";
import { type HoldMatch, issueCommentPayload, sendWebhook } from "./github-simulator/index.ts";
import {
  askStatus,
  deliverPullRequest,
  passFinished,
  postedFor,
  REPO,
  type Scenario,
  seedPullRequest,
  sha,
  startScenario,
  stateOf,
} from "./harness/scenario.ts";

// A child process, a restart and a lease expiry per test; CI machines are shared.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const PULLS = `/repos/${REPO}/pulls`;
const CHECK_RUNS = `/repos/${REPO}/check-runs`;

/**
 * kill -9 of the real app process while one request of a pass is held open by the simulator,
 * then a restart on the same database: the pass must end with exactly one review and one
 * completed check run for the head, and the loop must move on.
 */
describe.each(testBackends())("e2e/kill -9 during a review pass, then restart (%s)", (backend) => {
  let s: Scenario;

  beforeAll(async () => {
    s = await startScenario(backend);
  });
  afterAll(() => s?.close());
  afterEach(() => {
    expect(s.sim.violations.splice(0)).toEqual([]);
  });

  /** Opens PR `number`, kills the app once `match` is in flight, restarts it, waits for the pass. */
  async function crashWhileHeld(number: number, head: string, match: HoldMatch) {
    const held = s.sim.hold(match);
    await deliverPullRequest(s, s.app, number, "opened");
    await held.arrived;
    await s.app.kill("SIGKILL");
    await held.hungUp;
    held.release();
    const from = s.app.logs.length;
    await s.app.restart();
    await passFinished(s.app, number, head, from);
  }

  async function expectOnePass(number: number, head: string, findings: number) {
    const { reviews, checkRuns } = postedFor(s.sim, number, head);
    expect(reviews).toHaveLength(1);
    expect(checkRuns.map((run) => run.status)).toEqual(["completed"]);
    expect(checkRuns[0]!.annotations).toHaveLength(findings);
    expect(stateOf(await askStatus(s, s.app, number))).not.toBe("reviewing");
  }

  it("reviews once when killed before the check run is created", async () => {
    const head = sha(`${backend}-1`);
    seedPullRequest(s.sim, 1, { head });

    await crashWhileHeld(1, head, { method: "POST", path: CHECK_RUNS });

    await expectOnePass(1, head, 2);
  });

  it("creates one check run when killed right after GitHub stored it", async () => {
    const head = sha(`${backend}-7`);
    seedPullRequest(s.sim, 7, { head });

    await crashWhileHeld(7, head, { method: "POST", path: CHECK_RUNS, afterStoring: true });

    await expectOnePass(7, head, 2);
  });

  it("reviews once when killed while the review POST is in flight and GitHub never got it", async () => {
    const head = sha(`${backend}-2`);
    seedPullRequest(s.sim, 2, { head });

    await crashWhileHeld(2, head, { method: "POST", path: `${PULLS}/2/reviews` });

    await expectOnePass(2, head, 2);
  });

  it("reviews once when killed while the review POST is in flight and GitHub stored it", async () => {
    const head = sha(`${backend}-3`);
    seedPullRequest(s.sim, 3, { head });

    await crashWhileHeld(3, head, {
      method: "POST",
      path: `${PULLS}/3/reviews`,
      afterStoring: true,
    });

    await expectOnePass(3, head, 2);
  });

  it("reviews once when killed between the review and its record (reading its comments)", async () => {
    const head = sha(`${backend}-4`);
    seedPullRequest(s.sim, 4, { head });

    await crashWhileHeld(4, head, {
      method: "GET",
      path: /^\/repos\/acme\/app\/pulls\/4\/(reviews\/\d+\/)?comments$/,
    });

    await expectOnePass(4, head, 2);
  });

  it("annotates each finding once when killed between two annotation PATCHes", async () => {
    const head = sha(`${backend}-5`);
    // 120 findings: the check run's annotations go out in PATCHes of 50.
    seedPullRequest(s.sim, 5, { head, findings: 120 });

    await crashWhileHeld(5, head, {
      method: "PATCH",
      path: /^\/repos\/acme\/app\/check-runs\/\d+$/,
      skip: 1,
    });

    await expectOnePass(5, head, 120);
  });

  it("replies once to a /reviewloop review comment when killed after GitHub stored the reply", async () => {
    const head = sha(`${backend}-6`);
    seedPullRequest(s.sim, 6, { head });
    await deliverPullRequest(s, s.app, 6, "opened");
    await passFinished(s.app, 6, head);
    // A successful `review` alone may answer with a reaction only; `status` always replies.
    const comment = s.sim.seedIssueComment(REPO, 6, {
      user: "alice",
      body: "/reviewloop review\n/reviewloop status",
    });
    const reply = s.sim.hold({
      method: "POST",
      path: `/repos/${REPO}/issues/6/comments`,
      afterStoring: true,
    });

    await sendWebhook(s.app.url, {
      name: "issue_comment",
      payload: issueCommentPayload(s.sim, { repo: REPO, number: 6, comment }),
      secret: TEST_WEBHOOK_SECRET,
    });
    await reply.arrived;
    await s.app.kill("SIGKILL");
    reply.release();
    const from = s.app.logs.length;
    await s.app.restart();
    await s.app.waitForLog(
      (line) =>
        (line.msg === "Ran comment commands" && line.commentId === comment.id) ||
        (line.kind === "RunCommands" && line.msg.startsWith("job is dead")),
      { from, what: "the restarted command run to end" },
    );

    const replies = s.sim.state.issueComments.filter(
      (c) => c.issueNumber === 6 && c.user === "reviewloop[bot]",
    );
    expect(replies).toHaveLength(1);
  });
});
