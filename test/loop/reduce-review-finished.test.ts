import { describe, expect, it } from "vitest";
import { reduce } from "../../src/loop/reduce.ts";
import { RECHECK_DELAYS_MS } from "../../src/loop/reduce-review-finished.ts";
import {
  type GitHubView,
  INITIAL_LOOP_STATE,
  type LoopEvent,
  type LoopState,
  type ReviewFinished,
} from "../../src/loop/types.ts";

const actor = { login: "octocat", type: "User" };
const T1 = "2026-12-02T10:00:01Z";
const T2 = "2026-12-02T10:00:02Z";
const T3 = "2026-12-02T10:00:03Z";

const head = (sha: string, updatedAt: string, action = "synchronize", before?: string) =>
  ({
    type: "HeadUpdated",
    action,
    headSha: sha,
    baseSha: "b0",
    baseRef: "main",
    draft: false,
    actor,
    updatedAt,
    ...(before === undefined ? {} : { before }),
  }) as LoopEvent;

const view = (
  headSha: string,
  updatedAt?: string,
  state: "open" | "closed" = "open",
): GitHubView => ({
  headSha,
  baseSha: "b0",
  state,
  ...(updatedAt === undefined ? {} : { updatedAt }),
});

const finished = (
  headSha: string,
  seq: number,
  outcome: ReviewFinished["outcome"],
  extra: Partial<ReviewFinished> = {},
): ReviewFinished => ({ type: "ReviewFinished", headSha, seq, outcome, ...extra });

function replay(from: LoopState, ...events: LoopEvent[]): LoopState {
  return events.reduce((state, event) => reduce(state, event).state, from);
}

/** Opened at A (T1), pushed to B (T2): the loop waits for pass #2, of B. */
const reviewingB = replay(
  INITIAL_LOOP_STATE,
  head("a", T1, "opened"),
  head("b", T2, "synchronize", "a"),
);

describe("loop/reduce when the awaited pass ends without posting", () => {
  it("reads GitHub again after a delay when GitHub still showed the older head (replica lag)", () => {
    const { state, effects } = reduce(
      reviewingB,
      finished("b", 2, "superseded", { github: view("a", T1) }),
    );

    expect(state).toMatchObject({ status: "reviewing", headSha: "b", rechecks: 1 });
    expect(state.reason).toMatch(
      /GitHub still showed the older head a; reading it again in 5 s \(1\/3\)/,
    );
    expect(effects).toEqual([
      {
        kind: "RunReview",
        headSha: "b",
        baseSha: "b0",
        trigger: "recheck",
        delayMs: 5_000,
        seq: 3,
      },
    ]);
  });

  it(`gives up re-reading after ${RECHECK_DELAYS_MS.length} stale reads and says why`, () => {
    let state = reviewingB;
    for (let seq = 2; seq < 2 + RECHECK_DELAYS_MS.length; seq++) {
      state = reduce(state, finished("b", seq, "superseded", { github: view("a", T1) })).state;
    }

    const { state: last, effects } = reduce(
      state,
      finished("b", 2 + RECHECK_DELAYS_MS.length, "superseded", { github: view("a", T1) }),
    );

    expect(effects).toEqual([]);
    expect(last.status).toBe("idle");
    expect(last.reason).toMatch(
      /GitHub kept showing the older head a after 3 re-reads, so b was not reviewed/,
    );
  });

  it("reviews GitHub's newer head when its webhook has not arrived", () => {
    const { state, effects } = reduce(
      reviewingB,
      finished("b", 2, "superseded", { github: view("c", T3) }),
    );

    expect(state).toMatchObject({ status: "reviewing", headSha: "c", updatedAt: T3 });
    expect(state.passedHeads).toContain("b");
    expect(effects).toEqual([
      { kind: "RunReview", headSha: "c", baseSha: "b0", trigger: "github_head", seq: 3 },
    ]);
  });

  it("closes the loop when GitHub says the pull request is closed", () => {
    const { state, effects } = reduce(
      reviewingB,
      finished("b", 2, "stopped", { github: view("b", T3, "closed") }),
    );

    expect(state).toMatchObject({
      status: "closed",
      reason: "GitHub says the pull request is closed.",
    });
    expect(effects).toEqual([{ kind: "CancelQueued" }]);
  });

  it("reads again when GitHub says closed in a view older than the reopen", () => {
    const reopened = replay(
      INITIAL_LOOP_STATE,
      head("a", T1, "opened"),
      { type: "PullRequestClosed", merged: false, actor, updatedAt: T2 },
      head("a", T3, "reopened"),
    );

    const { state, effects } = reduce(
      reopened,
      finished("a", 2, "stopped", { github: view("a", T2, "closed") }),
    );

    expect(state.status).toBe("reviewing");
    expect(effects).toEqual([expect.objectContaining({ trigger: "recheck", headSha: "a" })]);
  });

  it("leaves reviewing with the pass's reason when it saw nothing (gone)", () => {
    const { state, effects } = reduce(
      reviewingB,
      finished("b", 2, "stopped", { detail: "gone (404)" }),
    );

    expect(effects).toEqual([]);
    expect(state).toMatchObject({ status: "idle", reason: "Not reviewed: gone (404)." });
  });

  it.each([
    ["skipped", { detail: "draft" }, "b was not reviewed: draft."],
    [
      "config_error",
      {},
      "b was not reviewed: .github/reviewloop.yml is invalid (see the check run).",
    ],
    [
      "failed",
      {},
      "The review of b failed (see the check run). Press Re-run, push, or comment `/reviewloop review`.",
    ],
  ] as const)("goes idle after a %s pass, saying why", (outcome, extra, reason) => {
    const { state } = reduce(reviewingB, finished("b", 2, outcome, extra));

    expect(state).toMatchObject({ status: "idle", reason, pass: null });
  });

  it("ignores a pass the loop no longer waits for (an earlier request of the same head)", () => {
    const { state, effects } = reduce(
      reviewingB,
      finished("b", 1, "stopped", { github: view("b", T2) }),
    );

    expect(effects).toEqual([]);
    expect(state).toEqual(reviewingB);
  });
});

describe("loop/reduce with two passes of one head", () => {
  /** A draft opened at A (pass #1 runs with `drafts: true`), then marked ready: pass #2. */
  const readyWhileRunning = replay(
    INITIAL_LOOP_STATE,
    head("a", T1, "opened"),
    head("a", T2, "ready_for_review"),
  );

  it("asks for a second pass when a draft is marked ready while its pass runs", () => {
    expect(readyWhileRunning.pass).toEqual({ seq: 2, headSha: "a", automatic: true });
  });

  it("lets the running pass's posted review stand for the later automatic one", () => {
    const { state, effects } = reduce(
      readyWhileRunning,
      finished("a", 1, "posted", { blocking: false }),
    );

    expect(effects).toEqual([]);
    expect(state).toMatchObject({ status: "passed", lastReviewedSha: "a" });
    expect(state.pass).toEqual({ seq: 2, headSha: "a", automatic: true, satisfied: true });
  });

  it("stays passed when the stood-down pass reports", () => {
    const satisfied = reduce(
      readyWhileRunning,
      finished("a", 1, "posted", { blocking: false }),
    ).state;

    const { state } = reduce(satisfied, finished("a", 2, "superseded", { github: view("a", T2) }));

    expect(state).toMatchObject({ status: "passed", pass: null });
  });

  it("still runs a review asked for by hand after an automatic pass posted", () => {
    const fullReview = reduce(replay(INITIAL_LOOP_STATE, head("a", T1, "opened")), {
      type: "CommandIssued",
      command: "full-review",
      headSha: "a",
      baseSha: "b0",
      requestId: "c-1",
      actor,
    }).state;

    const { state } = reduce(fullReview, finished("a", 1, "posted", { blocking: false }));

    expect(state).toMatchObject({ status: "reviewing", pass: { seq: 2, automatic: false } });
  });

  it("settles the loop from a re-queued dead job's review that nobody waits for", () => {
    const failed = reduce(reviewingB, finished("b", 2, "failed")).state;

    const { state } = reduce(failed, finished("b", 2, "posted", { blocking: false }));

    expect(state).toMatchObject({ status: "passed", lastReviewedSha: "b" });
    expect(state.reason).toBe("Reviewed b: nothing blocking.");
  });
});
