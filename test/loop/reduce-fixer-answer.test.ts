import { describe, expect, it } from "vitest";
import { reduce } from "../../src/loop/reduce.ts";
import type { LoopEvent } from "../../src/loop/types.ts";
import {
  answer,
  fixerBot,
  human,
  replay,
  roundOne,
  run,
  settings,
  timedOut,
} from "./remediation-fixtures.ts";

const answered = (actor = fixerBot): LoopEvent => ({ type: "FixerAnswered", actor, commentId: 9 });

describe("loop/the fixer's dispositions comment", () => {
  const webhook = settings({ target: "webhook" });

  it("ends the wait of a round with no run to follow: its push is awaited briefly", () => {
    const accepted = replay(roundOne(webhook), answer(roundOne(webhook), "accepted"));
    const { state, effects } = reduce(accepted, answered());
    expect(state.fix?.phase).toBe("completed");
    expect(effects).toEqual([
      expect.objectContaining({ kind: "ScheduleTimeout", timer: "no_push" }),
    ]);
    // No push came: the round ends without a change and the next one starts.
    const after = reduce(state, timedOut(state, "no_push")).state;
    expect(after.fix?.round).toBe(2);
    expect(after.noProgressRounds).toBe(1);
  });

  it("is ignored from anyone but the fixer", () => {
    const accepted = replay(roundOne(webhook), answer(roundOne(webhook), "accepted"));
    expect(reduce(accepted, answered(human)).state).toEqual(accepted);
  });

  it("is ignored while the loop follows the round's run (the run's end decides)", () => {
    const start = roundOne();
    const running = replay(start, answer(start, "accepted"), run(start, "in_progress"));
    expect(reduce(running, answered()).state).toEqual(running);
  });

  it("is ignored with no round in flight", () => {
    const idle = { ...roundOne(webhook), fix: null };
    expect(reduce(idle, answered()).effects).toEqual([]);
  });

  it("a webhook round with neither a push nor an answer in time is a failed attempt, said so", () => {
    const accepted = replay(roundOne(webhook), answer(roundOne(webhook), "accepted"));
    const { state } = reduce(accepted, timedOut(accepted, "no_result"));
    expect(state.fix?.attempt).toBe(2);
    expect(state.reason).toContain("the fixer neither pushed nor answered within 30 min");
  });
});
