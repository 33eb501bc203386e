import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { GitHubSimulator } from "./create-simulator.ts";
import { CLIENT_GONE } from "./fault-injection.ts";
import { type Client, failure, full, owner, repo, startSeededSimulator } from "./test-support.ts";

let sim: GitHubSimulator;
let octokit: Client;

beforeAll(async () => {
  ({ sim, octokit } = await startSeededSimulator());
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.state.issueComments.length = 0;
});
afterEach(() => {
  expect(sim.violations.splice(0)).toEqual([]);
});

const COMMENTS = `/repos/${full}/issues/1/comments`;
const comment = (body: string, signal?: AbortSignal) =>
  octokit.rest.issues.createComment({
    owner,
    repo,
    issue_number: 1,
    body,
    ...(signal ? { request: { signal } } : {}),
  });
const stored = () => sim.state.issueComments.map((c) => c.body);
const lastRecorded = () => sim.requests.at(-1)!;

describe("e2e/github-simulator fault modes", () => {
  it("answers 502 before storing: nothing is stored", async () => {
    sim.failNext({ method: "POST", path: COMMENTS, status: 502 });

    const error = await failure(comment("lost"));

    expect(error.status).toBe(502);
    expect(stored()).toEqual([]);
  });

  it("answers 502 after storing: the comment exists although the client saw a failure", async () => {
    sim.failNext({ method: "POST", path: COMMENTS, status: 502, afterStoring: true });

    const error = await failure(comment("stored anyway"));
    const next = await comment("next");

    expect(error.status).toBe(502);
    expect(next.status).toBe(201);
    expect(stored()).toEqual(["stored anyway", "next"]);
    expect(sim.requests.slice(-2).map((r) => r.status)).toEqual([502, 201]);
  });

  it("lets `skip` matching requests through before faulting the next", async () => {
    sim.failNext({ method: "POST", path: COMMENTS, status: 502, skip: 1 });

    const first = await comment("first");
    const second = await failure(comment("second"));

    expect([first.status, second.status]).toEqual([201, 502]);
    expect(stored()).toEqual(["first"]);
  });

  it("answers 422 with GitHub's error shape", async () => {
    sim.failNext({ method: "POST", path: COMMENTS, status: 422 });

    const error = await failure(comment("refused"));

    expect([error.status, error.response?.data.message]).toEqual([422, "Unprocessable Entity"]);
    expect(stored()).toEqual([]);
  });

  it("slows one answer by delayMs and keeps the simulated answer", async () => {
    sim.failNext({ method: "POST", path: COMMENTS, delayMs: 200 });
    const started = performance.now();

    const slow = await comment("slow");
    const slowMs = performance.now() - started;

    expect(slow.status).toBe(201);
    expect(slowMs).toBeGreaterThanOrEqual(190);
    expect(stored()).toEqual(["slow"]);
  });

  it("stores at once and answers late with delayMs afterStoring", async () => {
    sim.failNext({ method: "POST", path: COMMENTS, delayMs: 300, afterStoring: true });

    let answered = false;
    const sending = comment("stored early").finally(() => {
      answered = true;
    });
    await waitFor(() => stored().length === 1);
    const storedBeforeTheAnswer = !answered;
    const answer = await sending;

    expect(storedBeforeTheAnswer).toBe(true);
    expect(answer.status).toBe(201);
    expect(stored()).toEqual(["stored early"]);
  });

  it("holds a request before storing until it is released, then stores and answers it", async () => {
    const held = sim.hold({ method: "POST", path: COMMENTS });

    const sending = comment("held");
    const arrived = await held.arrived;
    const whileHeld = stored();
    held.release();
    const answer = await sending;

    expect([arrived.method, arrived.path]).toEqual(["POST", COMMENTS]);
    expect(whileHeld).toEqual([]);
    expect(answer.status).toBe(201);
    expect(stored()).toEqual(["held"]);
  });

  it("never stores a request held before storing whose client hung up", async () => {
    const held = sim.hold({ method: "POST", path: COMMENTS });
    const abort = new AbortController();
    const before = sim.requests.length;

    const sending = comment("abandoned", abort.signal).catch((error: Error) => error);
    await held.arrived;
    abort.abort();
    await sending;
    await held.hungUp;
    held.release();
    await waitForRecorded(before);

    expect(stored()).toEqual([]);
    expect(lastRecorded().status).toBe(CLIENT_GONE);
  });

  it("holds a request after storing: the comment exists while its answer is held", async () => {
    const held = sim.hold({ method: "POST", path: COMMENTS, afterStoring: true });

    const sending = comment("stored, answer held");
    await held.arrived;
    const whileHeld = stored();
    held.release();
    const answer = await sending;

    expect(whileHeld).toEqual(["stored, answer held"]);
    expect(answer.status).toBe(201);
    expect(stored()).toEqual(["stored, answer held"]);
  });
});

async function waitFor(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Waits until the simulator recorded more than `count` requests (held ones record late). */
async function waitForRecorded(count: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (sim.requests.length > count) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error("the held request was never recorded");
}
