import { describe, expect, it } from "vitest";
import { reduce } from "../../src/loop/reduce.ts";
import {
  type CommandIssued,
  INITIAL_LOOP_STATE,
  type LoopCommand,
  type LoopState,
} from "../../src/loop/types.ts";

const actor = { login: "octocat", type: "User" };

function command(name: LoopCommand, extra: Partial<CommandIssued> = {}): CommandIssued {
  return {
    type: "CommandIssued",
    command: name,
    headSha: "h2",
    baseSha: "b0",
    requestId: "issue_comment-7-1",
    actor,
    ...extra,
  };
}

const reviewed: LoopState = {
  ...INITIAL_LOOP_STATE,
  status: "idle",
  headSha: "h1",
  lastReviewedSha: "h1",
};

describe("loop/reduce with comment commands", () => {
  describe("review", () => {
    it("asks for a review of the head it was given, as its own request", () => {
      const { state, effects } = reduce(reviewed, command("review"));

      expect(state).toMatchObject({ status: "reviewing", headSha: "h2" });
      expect(effects).toEqual([
        {
          kind: "RunReview",
          headSha: "h2",
          baseSha: "b0",
          trigger: "review",
          requestId: "issue_comment-7-1",
          seq: 1,
        },
      ]);
    });

    it("runs one pass while paused without resuming the loop", () => {
      const paused: LoopState = { ...reviewed, status: "paused" };

      const { state, effects } = reduce(paused, command("review"));

      expect(state.status).toBe("paused");
      expect(effects).toHaveLength(1);
    });
  });

  describe("full-review", () => {
    it("asks for a full review", () => {
      const { effects } = reduce(reviewed, command("full-review"));

      expect(effects).toEqual([expect.objectContaining({ kind: "RunReview", mode: "full" })]);
    });
  });

  describe("pause", () => {
    it("pauses, remembers the status and drops queued work", () => {
      const passed: LoopState = { ...reviewed, status: "passed" };

      const { state, effects } = reduce(passed, command("pause"));

      expect(state).toMatchObject({ status: "paused", pausedFrom: "passed" });
      expect(effects).toEqual([{ kind: "CancelQueued" }]);
    });

    it("keeps new heads from being reviewed until resume", () => {
      const { state: paused } = reduce(reviewed, command("pause"));

      const { state, effects } = reduce(paused, {
        type: "HeadUpdated",
        action: "synchronize",
        headSha: "h3",
        baseSha: "b0",
        baseRef: "main",
        draft: false,
        actor,
      });

      expect(state).toMatchObject({ status: "paused", headSha: "h3" });
      expect(effects).toEqual([]);
    });
  });

  describe("resume", () => {
    it("reviews a head that arrived while paused", () => {
      const paused: LoopState = { ...reviewed, status: "paused", pausedFrom: "idle" };

      const { state, effects } = reduce(paused, command("resume", { headSha: "h3" }));

      expect(state.status).toBe("reviewing");
      expect(effects).toEqual([expect.objectContaining({ headSha: "h3", trigger: "resume" })]);
    });

    it("returns to the interrupted status when the head was reviewed", () => {
      const paused: LoopState = { ...reviewed, status: "paused", pausedFrom: "passed" };

      const { state, effects } = reduce(paused, command("resume", { headSha: "h1" }));

      expect(state.status).toBe("passed");
      expect(effects).toEqual([]);
    });

    it("grants more rounds and resets the no-progress count after a hand-off", () => {
      const handedOff: LoopState = {
        ...reviewed,
        status: "handed_off",
        round: 5,
        extraRounds: 2,
        noProgressRounds: 2,
      };

      const { state } = reduce(handedOff, command("resume", { headSha: "h1", resumeRounds: 2 }));

      expect(state).toMatchObject({ status: "idle", extraRounds: 4, noProgressRounds: 0 });
    });

    it("changes nothing on a loop that is running", () => {
      const transition = reduce(reviewed, command("resume"));

      expect(transition).toEqual({ state: reviewed, effects: [] });
    });
  });

  describe("stop", () => {
    it("ends the loop and drops queued work; resume restarts it", () => {
      const { state: stopped, effects } = reduce(reviewed, command("stop"));
      const { state: resumed } = reduce(stopped, command("resume", { resumeRounds: 2 }));

      expect(stopped.status).toBe("stopped");
      expect(effects).toEqual([{ kind: "CancelQueued" }]);
      expect(resumed).toMatchObject({ status: "reviewing", extraRounds: 2 });
    });
  });

  describe("on a closed pull request", () => {
    it.each<LoopCommand>(["review", "full-review", "pause", "resume", "stop"])(
      "ignores %s",
      (name) => {
        const closed: LoopState = { ...reviewed, status: "closed" };

        expect(reduce(closed, command(name))).toEqual({ state: closed, effects: [] });
      },
    );
  });

  describe("with a push applied after the command read the head", () => {
    /** The loop knows h3 (pushed at 10:00:05); the command read h2 at 10:00:03. */
    const pushed: LoopState = {
      ...reviewed,
      headSha: "h3",
      baseSha: "b1",
      updatedAt: "2026-12-02T10:00:05Z",
      passedHeads: ["h2", "h1"],
    };

    it.each<LoopCommand>(["review", "full-review"])("%s reviews the loop's newer head", (name) => {
      const { state, effects } = reduce(
        pushed,
        command(name, { headSha: "h2", updatedAt: "2026-12-02T10:00:03Z" }),
      );

      expect(state.headSha).toBe("h3");
      expect(effects).toEqual([expect.objectContaining({ headSha: "h3", baseSha: "b1" })]);
    });

    it("resume reviews the loop's newer head", () => {
      const paused: LoopState = { ...pushed, status: "paused", pausedFrom: "idle" };

      const { effects } = reduce(
        paused,
        command("resume", { headSha: "h2", updatedAt: "2026-12-02T10:00:03Z" }),
      );

      expect(effects).toEqual([expect.objectContaining({ headSha: "h3" })]);
    });

    it("review moves the loop to the command's head when that one is newer", () => {
      const { state, effects } = reduce(
        pushed,
        command("review", { headSha: "h4", updatedAt: "2026-12-02T10:00:09Z" }),
      );

      expect(state).toMatchObject({ headSha: "h4", updatedAt: "2026-12-02T10:00:09Z" });
      expect(state.passedHeads?.[0]).toBe("h3");
      expect(effects).toEqual([expect.objectContaining({ headSha: "h4" })]);
    });
  });

  describe("the loop's reason", () => {
    it.each([
      ["pause", "paused", "Paused by @octocat."],
      ["stop", "stopped", "Stopped by @octocat."],
      ["review", "reviewing", "Reviewing h2: asked for by @octocat."],
    ] as const)("after %s says why it is %s", (name, status, reason) => {
      expect(reduce(reviewed, command(name)).state).toMatchObject({ status, reason });
    });
  });
});
