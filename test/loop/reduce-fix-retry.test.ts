import { describe, expect, it } from "vitest";
import { reduce } from "../../src/loop/reduce.ts";
import { INITIAL_LOOP_STATE, type LoopState } from "../../src/loop/types.ts";
import {
  answer,
  command,
  fixerBot,
  fixerPushed,
  fixOf,
  human,
  kinds,
  only,
  posted,
  push,
  refused,
  replay,
  reviewingH1,
  roundOne,
  settings,
  timedOut,
} from "./remediation-fixtures.ts";

/** `h1` reviewed with remediation off: `f1` blocks, 3 findings open in all. */
function reviewedOff(open = 3, blocking = ["f1"]): LoopState {
  const reviewing = reviewingH1(settings({ enabled: false }));
  return reduce(reviewing, posted(reviewing, blocking, { openFindings: open })).state;
}

/** Round 1 handed off after `max_attempts` refused dispatches. */
function failingHandOff(): LoopState {
  return refused(roundOne(), 3);
}

/** Round `maxRounds` handed off at the round limit (remediation on, `max_rounds: 1`). */
function maxRoundsHandOff(): LoopState {
  const pushed = fixerPushed(settings({ maxRounds: 1 }));
  return reduce(pushed, posted(pushed, ["f2"])).state;
}

describe("loop/reduce /reviewloop fix", () => {
  it.each([
    ["nothing was reviewed yet", INITIAL_LOOP_STATE, /No review has been posted yet/],
    ["the loop is paused", { ...reviewedOff(), status: "paused" }, /paused.*\/reviewloop resume/],
    [
      "the loop is stopped",
      { ...reviewedOff(), status: "stopped" },
      /stopped.*\/reviewloop resume/,
    ],
    ["a round is in flight", roundOne(), /Round 1 is already in flight \(being dispatched\)/],
    [
      "the head is not reviewed yet",
      replay(reviewedOff(), push(reviewedOff(), "h2", human)),
      /h2 is not reviewed yet/,
    ],
    ["no finding is open", reviewedOff(0, []), /Nothing to fix: no finding is open on h1/],
    [
      "the head is in a fork (workflow_dispatch)",
      { ...reviewedOff(), fork: true },
      /Not dispatched: the head branch is in a fork/,
    ],
    [
      "the round limit is reached",
      { ...reviewedOff(), round: 5 },
      /round limit is reached \(5\/5\).*\/reviewloop resume/,
    ],
  ] as [string, LoopState, RegExp][])("refuses when %s, and says so", (_, before, why) => {
    const { state, effects, answer: reply } = reduce(before, command("fix", before));

    expect(effects).toEqual([]);
    expect(reply).toMatch(why);
    expect(state.status).toBe(before.status);
    expect(state.round).toBe(before.round);
  });

  it("starts a round for every open finding, even with remediation off", () => {
    const before = reviewedOff();

    const { state, effects, answer: reply } = reduce(before, command("fix", before));

    expect(kinds(effects)).toEqual(["RecordAttempt", "Dispatch"]);
    expect(only(effects, "RecordAttempt")).toMatchObject([
      { round: 1, attempt: 1, scope: "all", headSha: "h1", fingerprints: ["f1"] },
    ]);
    expect(fixOf(state)).toMatchObject({ round: 1, scope: "all", phase: "dispatching" });
    expect(state).toMatchObject({ status: "awaiting_fix", round: 1 });
    expect(reply).toMatch(/Round 1\/5: dispatching the fixer for 3 open findings/);
    expect(state.reason).toMatch(/every open finding/);
  });

  it("dispatches for open findings below the blocking severity on a passed head", () => {
    const before = reviewedOff(1, []);

    const { state, effects, answer: reply } = reduce(before, command("fix", before));

    expect(before.status).toBe("passed");
    expect(only(effects, "Dispatch")).toMatchObject([{ round: 1, headSha: "h1" }]);
    expect(state.status).toBe("awaiting_fix");
    expect(reply).toMatch(/for 1 open finding\./);
  });

  it("uses the settings the command read over those of the last pass", () => {
    const before = reviewedOff();

    const { effects, answer: reply } = reduce(
      before,
      command("fix", before, { settings: settings({ maxRounds: 2, target: "webhook" }) }),
    );

    expect(only(effects, "RecordAttempt")[0]?.target).toBe("webhook");
    expect(reply).toMatch(/Round 1\/2/);
  });
});

describe("loop/reduce /reviewloop retry", () => {
  it("dispatches an attempt waiting on its backoff now, as the same attempt", () => {
    const waiting = refused(roundOne(), 1);
    const before = fixOf(waiting);

    const { state, effects, answer: reply } = reduce(waiting, command("retry", waiting));

    expect(effects).toEqual([
      {
        kind: "Dispatch",
        dispatchId: before.dispatchId,
        seq: fixOf(state).seq,
        round: 1,
        attempt: 2,
        headSha: "h1",
      },
    ]);
    expect(fixOf(state).seq).toBeGreaterThan(before.seq);
    expect(fixOf(state)).toMatchObject({ phase: "dispatching", attempt: 2, failures: 1 });
    expect(state.round).toBe(1);
    expect(reply).toMatch(/Retrying round 1 now \(attempt 2\/3\)/);
    expect(state.reason).toMatch(/asked for by @alice/);
  });

  it("dispatches an attempt held by a cap now, as the same attempt", () => {
    const round = roundOne();
    const held = replay(
      round,
      answer(round, "held", { detail: "daily cap", retryInMs: 3_600_000 }),
    );

    const { state, effects } = reduce(held, command("retry", held));

    expect(effects).toEqual([
      {
        kind: "Dispatch",
        dispatchId: fixOf(round).dispatchId,
        seq: fixOf(state).seq,
        round: 1,
        attempt: 1,
        headSha: "h1",
      },
    ]);
    expect(fixOf(state).seq).toBeGreaterThan(fixOf(held).seq);
  });

  it.each([
    [
      "no round was ever dispatched",
      reviewedOff(),
      /Nothing to retry: no round failed to dispatch/,
    ],
    [
      "the round in flight has not failed",
      replay(roundOne(), answer(roundOne(), "accepted")),
      /Round 1 is dispatched, waiting for the fixer; nothing failed to retry/,
    ],
    ["the loop passed", reduce(fixerPushed(), posted(fixerPushed(), [])).state, /Nothing to retry/],
    ["the hand-off was for the round limit", maxRoundsHandOff(), /Nothing to retry/],
    ["the loop is paused", { ...failingHandOff(), status: "paused" }, /\/reviewloop resume/],
  ] as [string, LoopState, RegExp][])("refuses when %s", (_, before, why) => {
    const { state, effects, answer: reply } = reduce(before, command("retry", before));

    expect(effects).toEqual([]);
    expect(reply).toMatch(why);
    expect(state.status).toBe(before.status);
  });

  it("continues a round handed off for failing dispatches with its next attempt", () => {
    const handedOff = failingHandOff();

    const { state, effects, answer: reply } = reduce(handedOff, command("retry", handedOff));

    expect(kinds(effects)).toEqual(["RecordAttempt", "Dispatch"]);
    expect(only(effects, "Dispatch")).toMatchObject([{ round: 1, attempt: 4, headSha: "h1" }]);
    expect(only(effects, "Dispatch")[0]?.delayMs).toBeUndefined();
    expect(only(effects, "RecordAttempt")[0]?.fingerprints).toEqual(["f1", "f2"]);
    expect(state).toMatchObject({ status: "awaiting_fix", round: 1, handOff: null });
    expect(fixOf(state)).toMatchObject({ attempt: 4, failures: 0 });
    expect(reply).toMatch(/Retrying round 1 now \(attempt 4; failures counted from 0\)/);
  });

  it("retries a round /reviewloop fix started for every open finding with that scope", () => {
    const before = reviewedOff(2, []);
    const handedOff = refused(reduce(before, command("fix", before)).state, 3);

    const { effects } = reduce(handedOff, command("retry", handedOff));

    expect(handedOff.handOff?.kind).toBe("dispatch_failing");
    expect(only(effects, "RecordAttempt")).toMatchObject([{ round: 1, attempt: 4, scope: "all" }]);
  });

  it("counts failures of the retried round from 0: one more refusal does not hand off", () => {
    const retried = reduce(failingHandOff(), command("retry", failingHandOff())).state;

    const { state, effects } = reduce(retried, answer(retried, "refused", { detail: "HTTP 500" }));

    expect(state.status).toBe("awaiting_fix");
    expect(only(effects, "Dispatch")).toMatchObject([{ round: 1, attempt: 5, delayMs: 60_000 }]);
    expect(effects.some((effect) => effect.kind === "HandOff")).toBe(false);
  });
});

describe("loop/reduce stop, pause, resume and close during a round", () => {
  it.each([
    ["stop", "stopped"],
    ["pause", "paused"],
  ] as const)("%s drops the round in flight and its queued work", (name, status) => {
    const round = roundOne();
    const accepted = replay(round, answer(round, "accepted"));

    const { state, effects } = reduce(accepted, command(name, accepted));

    expect(effects).toEqual([{ kind: "CancelQueued" }]);
    expect(state).toMatchObject({ status, fix: null });
    expect(reduce(state, timedOut(accepted, "no_result"))).toEqual({ state, effects: [] });
  });

  it("closing the pull request drops the round in flight", () => {
    const round = roundOne();

    const { state, effects } = reduce(round, {
      type: "PullRequestClosed",
      merged: false,
      actor: human,
    });

    expect(effects).toEqual([{ kind: "CancelQueued" }]);
    expect(state).toMatchObject({ status: "closed", fix: null });
    expect(reduce(state, answer(round, "accepted"))).toEqual({ state, effects: [] });
  });

  it("resume after a hand-off grants rounds and starts the next round on the reviewed head", () => {
    const handedOff = maxRoundsHandOff();

    const { state, effects } = reduce(handedOff, command("resume", handedOff, { resumeRounds: 2 }));

    expect(handedOff).toMatchObject({ status: "handed_off", round: 1 });
    expect(only(effects, "Dispatch")).toMatchObject([{ round: 2, attempt: 1, headSha: "h2" }]);
    expect(only(effects, "RecordAttempt")[0]?.fingerprints).toEqual(["f2"]);
    expect(state).toMatchObject({
      status: "awaiting_fix",
      round: 2,
      extraRounds: 2,
      noProgressRounds: 0,
      handOff: null,
    });
    expect(state.reason).toMatch(/Resumed by @alice\. Round 2\/3/);
  });

  it("resume after a stop reviews a head pushed meanwhile before the next round", () => {
    const round = roundOne();
    const stopped = replay(round, command("stop", round));
    const pushedMeanwhile = replay(stopped, push(stopped, "h2", human));

    const resumed = reduce(
      pushedMeanwhile,
      command("resume", pushedMeanwhile, { resumeRounds: 1 }),
    );
    const next = reduce(resumed.state, posted(resumed.state, ["f1"]));

    expect(kinds(resumed.effects)).toEqual(["RunReview"]);
    expect(resumed.state).toMatchObject({ status: "reviewing", extraRounds: 1 });
    expect(only(next.effects, "Dispatch")).toMatchObject([{ round: 2, headSha: "h2" }]);
    expect(next.state.reason).toMatch(/Round 2\/6/);
  });

  it("resume after a human push paused the round reviews that push, then rounds go on", () => {
    const round = roundOne();
    const paused = replay(round, answer(round, "accepted"), push(round, "h2", human));

    const resumed = reduce(paused, command("resume", paused));
    const next = reduce(resumed.state, posted(resumed.state, ["f1"]));

    expect(paused.status).toBe("paused");
    expect(only(resumed.effects, "RunReview")).toMatchObject([{ headSha: "h2" }]);
    expect(only(next.effects, "Dispatch")).toMatchObject([{ round: 2, headSha: "h2" }]);
  });

  it("the fixer's push while the loop is paused is only remembered", () => {
    const round = roundOne();
    const paused = replay(round, command("pause", round));

    const { state, effects } = reduce(paused, push(paused, "h2", fixerBot));

    expect(effects).toEqual([]);
    expect(state).toMatchObject({ status: "paused", headSha: "h2", fix: null });
  });
});
