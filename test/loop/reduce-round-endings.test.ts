import { describe, expect, it } from "vitest";
import { reduce } from "../../src/loop/reduce.ts";
import {
  answer,
  attemptFailed,
  fixerPushed,
  fixOf,
  kinds,
  posted,
  push,
  replay,
  roundOne,
  settings,
} from "./remediation-fixtures.ts";

describe("loop/rounds that end without a verdict, hand-offs during a review", () => {
  it("a review of the fixer's push that fails ends the round: fix can start another", () => {
    const state = fixerPushed();
    const pass = state.pass;
    if (!pass) throw new Error("no pass");
    const { state: after } = reduce(state, {
      type: "ReviewFinished",
      headSha: pass.headSha,
      seq: pass.seq,
      outcome: "failed",
    });
    expect(after.status).toBe("idle");
    expect(after.fix).toBeNull();
    expect(after.reason).toMatch(/failed/);
  });

  it("a hand-off while another's push is reviewed keeps that review, whose verdict then lands", () => {
    // on_human_push: continue — a person's push is reviewed while round 1 is in flight.
    const loop = settings({ onHumanPush: "continue", maxAttempts: 1 });
    const round = roundOne(loop);
    const reviewing = reduce(round, push(round, "h9")).state;
    expect(reviewing.status).toBe("reviewing");

    // The round's only attempt fails: hand-off, no cancelled work, the pass still awaited.
    const failed = reduce(
      replay(reviewing, answer(reviewing, "accepted")),
      attemptFailed(reviewing),
    );
    expect(kinds(failed.effects)).toEqual(["HandOff"]);
    expect(failed.state.handOff?.kind).toBe("dispatch_failing");
    expect(failed.state.pass).toEqual(reviewing.pass);
    expect(failed.state.fix).toBeNull();

    // The person's push fixed everything: passed, and the label comes off.
    const verdict = reduce(failed.state, posted(failed.state, []));
    expect(verdict.state.status).toBe("passed");
    expect(verdict.state.handOff).toBeNull();
    expect(verdict.effects).toEqual([{ kind: "Label", action: "remove", seq: 1 }]);
  });

  it("the same hand-off with blocking findings left: handed off, no dispatch", () => {
    const loop = settings({ onHumanPush: "continue", maxAttempts: 1 });
    const round = roundOne(loop);
    const reviewing = reduce(round, push(round, "h9")).state;
    const failed = reduce(
      replay(reviewing, answer(reviewing, "accepted")),
      attemptFailed(reviewing),
    );
    const verdict = reduce(failed.state, posted(failed.state, ["f1"]));
    expect(verdict.state.status).toBe("handed_off");
    expect(verdict.effects).toEqual([]);
    expect(() => fixOf(verdict.state)).toThrow();
  });
});
