import { describe, expect, it } from "vitest";
import { reduce } from "../../src/loop/reduce.ts";
import { type HeadUpdated, INITIAL_LOOP_STATE, type LoopState } from "../../src/loop/types.ts";

const actor = { login: "octocat", type: "User" };

function head(sha: string, action: HeadUpdated["action"] = "synchronize"): HeadUpdated {
  return {
    type: "HeadUpdated",
    action,
    headSha: sha,
    baseSha: "b0",
    baseRef: "main",
    draft: false,
    actor,
  };
}

describe("loop/reduce", () => {
  describe("when a pull request is opened", () => {
    it("starts reviewing and asks for a review of the head sha", () => {
      const { state, effects } = reduce(INITIAL_LOOP_STATE, head("a1", "opened"));

      expect(state).toMatchObject({ status: "reviewing", headSha: "a1" });
      expect(effects).toEqual([
        { kind: "RunReview", headSha: "a1", baseSha: "b0", trigger: "opened", seq: 1 },
      ]);
    });
  });

  describe("when a new commit is pushed", () => {
    it("asks for a review of the new head", () => {
      const reviewing: LoopState = { ...INITIAL_LOOP_STATE, status: "passed", headSha: "a1" };

      const { state, effects } = reduce(reviewing, head("a2"));

      expect(state.headSha).toBe("a2");
      expect(effects).toEqual([
        { kind: "RunReview", headSha: "a2", baseSha: "b0", trigger: "synchronize", seq: 1 },
      ]);
    });
  });

  describe("when the same head arrives again", () => {
    it("changes nothing", () => {
      const known: LoopState = { ...INITIAL_LOOP_STATE, status: "passed", headSha: "a1" };

      const transition = reduce(known, head("a1"));

      expect(transition).toEqual({ state: known, effects: [] });
    });
  });

  describe("when the pull request is closed", () => {
    it("closes the loop and cancels queued work", () => {
      const reviewing: LoopState = { ...INITIAL_LOOP_STATE, status: "reviewing", headSha: "a1" };

      const { state, effects } = reduce(reviewing, {
        type: "PullRequestClosed",
        merged: true,
        actor,
      });

      expect(state.status).toBe("closed");
      expect(effects).toEqual([{ kind: "CancelQueued" }]);
    });

    it("reviews again when it is reopened at the same head", () => {
      const closed: LoopState = { ...INITIAL_LOOP_STATE, status: "closed", headSha: "a1" };

      const { state, effects } = reduce(closed, head("a1", "reopened"));

      expect(state.status).toBe("reviewing");
      expect(effects).toHaveLength(1);
    });
  });
});

describe("loop/reduce on a paused or stopped loop", () => {
  const ready: HeadUpdated = { ...head("r1"), action: "ready_for_review" } as HeadUpdated;

  it.each(["paused", "stopped"] as const)(
    "remembers a draft marked ready without reviewing it while %s",
    (status) => {
      const held: LoopState = { ...INITIAL_LOOP_STATE, status, headSha: "r0" };

      const { state, effects } = reduce(held, ready);

      expect(effects).toEqual([]);
      expect(state).toMatchObject({ status, headSha: "r1" });
    },
  );

  it("runs a re-requested check but stays stopped", () => {
    const stopped: LoopState = { ...INITIAL_LOOP_STATE, status: "stopped", headSha: "s1" };

    const { state, effects } = reduce(stopped, {
      type: "ReviewRequested",
      headSha: "s1",
      baseSha: "b0",
      reason: "rerequested",
      requestId: "d-1",
      actor,
    });

    expect(effects).toHaveLength(1);
    expect(state.status).toBe("stopped");
  });
});
