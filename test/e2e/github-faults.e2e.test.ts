import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { testBackends } from "../helpers/test-db.ts";
import {
  askStatus,
  deliverPullRequest,
  passSettled,
  postedFor,
  REPO,
  type Scenario,
  seedPullRequest,
  sha,
  startScenario,
} from "./harness/scenario.ts";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const BOT = "reviewloop[bot]";
const reviewsPath = (n: number) => `/repos/${REPO}/pulls/${n}/reviews`;
// The app's GitHub timeout (REVIEWLOOP_GITHUB_TIMEOUT_MS) and a slower answer than that.
const GITHUB_TIMEOUT_MS = 3000;
const SLOWER_MS = 5000;

/**
 * GitHub failing the way it does — a 5xx before or after it stored the request, a secondary
 * rate limit, a 422, an answer slower than the app waits — with the app's production Octokit
 * (retries and throttling on): every effect still happens exactly once, counted in the
 * simulator's state.
 */
describe.each(testBackends())("e2e/GitHub faults on the running app (%s)", (backend) => {
  let s: Scenario;

  beforeAll(async () => {
    s = await startScenario(backend, { REVIEWLOOP_GITHUB_TIMEOUT_MS: String(GITHUB_TIMEOUT_MS) });
  });
  afterAll(() => s?.close());
  afterEach(() => {
    expect(s.sim.violations.splice(0)).toEqual([]);
  });

  /** Opens PR `number` (2 findings) and waits until its pass finished or its job died. */
  async function openAndSettle(number: number): Promise<string> {
    const head = sha(`${backend}-faults-${number}`);
    seedPullRequest(s.sim, number, { head });
    const from = s.app.logs.length;
    await deliverPullRequest(s, s.app, number, "opened");
    await passSettled(s.app, number, head, from);
    return head;
  }

  it("posts one review when GitHub stored the review and answered 502", async () => {
    s.sim.failNext({ method: "POST", path: reviewsPath(1), status: 502, afterStoring: true });

    const head = await openAndSettle(1);

    const { reviews, checkRuns } = postedFor(s.sim, 1, head);
    expect(reviews).toHaveLength(1);
    expect(checkRuns.map((run) => run.status)).toEqual(["completed"]);
  });

  it("posts one review when GitHub answered 502 before storing it: looks, finds none, sends again", async () => {
    s.sim.failNext({ method: "POST", path: reviewsPath(8), status: 502 });

    const head = await openAndSettle(8);

    expect(postedFor(s.sim, 8, head).reviews).toHaveLength(1);
    // From the simulator's log: the resend came after a lookup by marker, not from Octokit's
    // retry plugin resending the POST blindly.
    const calls = s.sim.requests
      .filter((r) => r.path.split("?")[0] === reviewsPath(8))
      .map((r) => `${r.method} ${r.status}`);
    expect(calls.filter((c) => c.startsWith("POST"))).toEqual(["POST 502", "POST 200"]);
    expect(calls.slice(calls.indexOf("POST 502"), calls.indexOf("POST 200"))).toContain("GET 200");
  });

  it("creates one check run when GitHub stored the check run and answered 502", async () => {
    s.sim.failNext({
      method: "POST",
      path: `/repos/${REPO}/check-runs`,
      status: 502,
      afterStoring: true,
    });

    const head = await openAndSettle(2);

    const { reviews, checkRuns } = postedFor(s.sim, 2, head);
    expect(checkRuns.map((run) => run.status)).toEqual(["completed"]);
    expect(reviews).toHaveLength(1);
  });

  it("posts one review after a secondary rate limit (403 with retry-after)", async () => {
    s.sim.failNext({
      method: "POST",
      path: reviewsPath(3),
      status: 403,
      headers: { "retry-after": "1" },
    });

    const head = await openAndSettle(3);

    expect(postedFor(s.sim, 3, head).reviews).toHaveLength(1);
    expect(s.sim.requests.filter((r) => r.path === reviewsPath(3)).map((r) => r.status)).toEqual([
      403, 200,
    ]);
  });

  it("posts one review with the inline comments in its body when GitHub answers 422", async () => {
    s.sim.failNext({ method: "POST", path: reviewsPath(4), status: 422 });

    const head = await openAndSettle(4);

    const { reviews } = postedFor(s.sim, 4, head);
    expect(reviews).toHaveLength(1);
    expect(s.sim.reviewsOf(REPO, 4).comments).toEqual([]);
    expect(reviews[0]!.body).toContain("Findings that could not be placed inline");
    expect(reviews[0]!.body).toContain("- `src/app.ts:2`");
    expect(reviews[0]!.body).toContain("- `src/app.ts:3`");
  });

  it("fails the check run with GitHub's reason when GitHub refuses the review for good", async () => {
    // GitHub refuses the review and its fallback (inline comments in the body) alike: the job
    // dies at once (a permanent refusal) and its ReportFailure job completes the check run.
    s.sim.failNext({ method: "POST", path: reviewsPath(7), status: 422, times: 2 });
    const from = s.app.logs.length;

    const head = await openAndSettle(7);
    await s.app.waitForLog((line) => line.msg === "job failure reported", {
      from,
      what: "the dead review's failure report",
    });

    const { reviews, checkRuns } = postedFor(s.sim, 7, head);
    expect(reviews).toEqual([]);
    expect(checkRuns.map((run) => [run.status, run.conclusion, run.output.title])).toEqual([
      ["completed", "failure", "Review could not be posted"],
    ]);
    expect(checkRuns[0]!.output.summary).toContain("GitHub refused the review");
    expect(checkRuns[0]!.output.summary).toContain("Re-run");
  });

  it("posts one review when GitHub stores it but answers later than the app waits", async () => {
    s.sim.failNext({
      method: "POST",
      path: reviewsPath(5),
      delayMs: SLOWER_MS,
      afterStoring: true,
    });

    const head = await openAndSettle(5);

    expect(postedFor(s.sim, 5, head).reviews).toHaveLength(1);
  });

  it("posts one command reply when GitHub stored the reply and answered 502", async () => {
    await openAndSettle(6);
    s.sim.failNext({
      method: "POST",
      path: `/repos/${REPO}/issues/6/comments`,
      status: 502,
      afterStoring: true,
    });

    await askStatus(s, s.app, 6);

    const replies = s.sim.state.issueComments.filter((c) => c.issueNumber === 6 && c.user === BOT);
    expect(replies).toHaveLength(1);
  });
});
