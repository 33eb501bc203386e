import { describe, expect, it } from "vitest";
import { reduce } from "../../src/loop/reduce.ts";
import {
  type HeadUpdated,
  INITIAL_LOOP_STATE,
  type LoopState,
  MAX_PASSED_HEADS,
  type PullRequestClosed,
} from "../../src/loop/types.ts";

const actor = { login: "octocat", type: "User" };
const T1 = "2026-12-02T10:00:01Z";
const T2 = "2026-12-02T10:00:02Z";
const T3 = "2026-12-02T10:00:03Z";

function push(sha: string, updatedAt: string | undefined, extra: Partial<HeadUpdated> = {}) {
  return {
    type: "HeadUpdated",
    action: "synchronize",
    headSha: sha,
    baseSha: "b0",
    baseRef: "main",
    draft: false,
    actor,
    ...(updatedAt === undefined ? {} : { updatedAt }),
    ...extra,
  } satisfies HeadUpdated;
}

function closed(updatedAt: string): PullRequestClosed {
  return { type: "PullRequestClosed", merged: false, actor, updatedAt };
}

/** Applies events in order from a fresh loop. */
function replay(...events: Parameters<typeof reduce>[1][]): LoopState {
  return events.reduce((state, event) => reduce(state, event).state, INITIAL_LOOP_STATE);
}

describe("loop/reduce orders heads delivered out of order", () => {
  const afterB = replay(push("a", T1, { action: "opened" }), push("b", T2, { before: "a" }));

  it("ignores the older head A delivered after B", () => {
    const bFirst = replay(push("x", T1, { action: "opened" }), push("b", T3));

    const late = reduce(bFirst, push("a", T2, { before: "x" }));

    expect(late).toEqual({ state: bFirst, effects: [] });
  });

  it("ignores a head it moved past, delivered late in the same second", () => {
    const sameSecond = replay(push("a", T2, { action: "opened" }), push("b", T2, { before: "a" }));

    const late = reduce(sameSecond, push("a", T2, { before: "x" }));

    expect(late.effects).toEqual([]);
    expect(late.state.headSha).toBe("b");
  });

  it("knows the push's `before` as a head it moved past, even when that push was never delivered", () => {
    const skipped = replay(push("a", T1, { action: "opened" }), push("c", T3, { before: "b" }));

    const late = reduce(skipped, push("b", T3, { before: "a" }));

    expect(late.effects).toEqual([]);
    expect(skipped.passedHeads).toEqual(["a", "b"]);
  });

  it("reviews a force-push back to the earlier head A (newer updated_at)", () => {
    const { state, effects } = reduce(afterB, push("a", T3, { before: "x" }));

    expect(state).toMatchObject({ status: "reviewing", headSha: "a", updatedAt: T3 });
    expect(effects).toEqual([
      expect.objectContaining({ kind: "RunReview", headSha: "a", trigger: "synchronize" }),
    ]);
  });

  it("reviews a push straight on top of its head whatever the clock says", () => {
    const { state, effects } = reduce(afterB, push("a", T1, { before: "b" }));

    expect(state.headSha).toBe("a");
    expect(effects).toHaveLength(1);
  });

  it("takes an unknown head of the same second as newer (delivery order decides ties)", () => {
    const { state } = reduce(afterB, push("c", T2));

    expect(state.headSha).toBe("c");
  });

  it("takes a head without a time as newer unless it moved past it", () => {
    expect(reduce(afterB, push("c", undefined)).state.headSha).toBe("c");
    expect(reduce(afterB, push("a", undefined)).state.headSha).toBe("b");
  });

  it(`remembers at most ${MAX_PASSED_HEADS} heads it moved past`, () => {
    const pushes = Array.from({ length: 30 }, (_, i) => push(`h${i}`, undefined));

    const state = replay(...pushes);

    expect(state.passedHeads).toHaveLength(MAX_PASSED_HEADS);
    expect(state.passedHeads?.[0]).toBe("h28");
  });
});

describe("loop/reduce on a closed pull request", () => {
  const closedAtB = reduce(replay(push("a", T1, { action: "opened" })), closed(T2)).state;

  it("remembers a push applied after the close without reviewing it", () => {
    const { state, effects } = reduce(closedAtB, push("b", T3, { before: "a" }));

    expect(effects).toEqual([]);
    expect(state).toMatchObject({ status: "closed", headSha: "b" });
  });

  it("reopens only on reopened, reviewing the remembered head", () => {
    const pushed = reduce(closedAtB, push("b", T3, { before: "a" })).state;

    const { state, effects } = reduce(pushed, push("b", T3, { action: "reopened" }));

    expect(state.status).toBe("reviewing");
    expect(effects).toEqual([expect.objectContaining({ headSha: "b", trigger: "reopened" })]);
  });

  it("ignores a reopen older than the close (delivered late)", () => {
    const { state, effects } = reduce(closedAtB, push("a", T1, { action: "reopened" }));

    expect(effects).toEqual([]);
    expect(state.status).toBe("closed");
  });

  it("ignores a close older than the reopen it applied", () => {
    const reopened = reduce(closedAtB, push("a", T3, { action: "reopened" })).state;

    const { state, effects } = reduce(reopened, closed(T2));

    expect(effects).toEqual([]);
    expect(state.status).toBe("reviewing");
  });
});
