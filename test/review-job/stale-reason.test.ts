import { describe, expect, it } from "vitest";
import { INITIAL_LOOP_STATE, type LoopState, type LoopStatus } from "../../src/loop/types.ts";
import { staleReason } from "../../src/review-job/stale-reason.ts";
import type { StoredLoop } from "../../src/store/loop-repository.ts";

function loop(status: LoopStatus, headSha = "h1"): StoredLoop {
  return { headSha, state: { ...INITIAL_LOOP_STATE, status, headSha } };
}

describe("review-job/staleReason", () => {
  it.each([
    ["a reviewing loop at this head", loop("reviewing"), "synchronize", null],
    ["a closed loop", loop("closed"), "synchronize", "stopped"],
    ["a newer head", loop("reviewing", "h2"), "synchronize", "superseded"],
    ["an automatic pass of a paused loop", loop("paused"), "synchronize", "stopped"],
    ["an automatic pass of a stopped loop", loop("stopped"), "opened", "stopped"],
    ["a review asked for by hand on a paused loop", loop("paused"), "review", null],
    ["a re-run on a stopped loop", loop("stopped"), "rerequested", null],
  ])("%s → %s", (_name, stored, trigger, outcome) => {
    expect(staleReason(stored, "h1", trigger)?.outcome ?? null).toBe(outcome);
  });

  describe("for a numbered pass", () => {
    const awaiting = (pass: LoopState["pass"]): StoredLoop => ({
      headSha: "h1",
      state: { ...INITIAL_LOOP_STATE, status: "reviewing", headSha: "h1", pass },
    });

    it.each([
      [
        "posts: the pass the loop waits for",
        { seq: 2, headSha: "h1", automatic: true },
        "synchronize",
        2,
        null,
      ],
      [
        "superseded: an automatic pass asked for again since",
        { seq: 3, headSha: "h1", automatic: true },
        "reopened",
        2,
        "superseded",
      ],
      [
        "superseded: a pass whose head another pass reviewed",
        { seq: 2, headSha: "h1", automatic: true, satisfied: true },
        "ready_for_review",
        2,
        "superseded",
      ],
      [
        "posts: a review asked for by hand, asked again since",
        { seq: 3, headSha: "h1", automatic: false },
        "review",
        2,
        null,
      ],
      [
        "posts: a dead job re-queued by hand while nothing is awaited",
        null,
        "synchronize",
        2,
        null,
      ],
    ] as const)("%s", (_name, pass, trigger, seq, outcome) => {
      expect(staleReason(awaiting(pass), "h1", trigger, seq)?.outcome ?? null).toBe(outcome);
    });
  });
});
