import { describe, expect, it } from "vitest";
import { INITIAL_LOOP_STATE, type LoopStatus } from "../../src/loop/types.ts";
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
});
