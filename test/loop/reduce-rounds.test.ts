import { describe, expect, it } from "vitest";
import { reduce } from "../../src/loop/reduce.ts";
import type { Effect, LoopSettings, LoopState } from "../../src/loop/types.ts";
import {
  answer,
  fixerBot,
  fixerPushed,
  fixOf,
  human,
  kinds,
  only,
  posted,
  push,
  replay,
  reviewingH1,
  roundOne,
  run,
  settings,
  timedOut,
} from "./remediation-fixtures.ts";

/** The fixer of the round in flight accepts, pushes `sha`, and its review leaves `blocking`. */
function fixerRound(state: LoopState, sha: string, blocking: string[]) {
  const accepted = replay(state, answer(state, "accepted"));
  const pushed = replay(accepted, push(accepted, sha, fixerBot));
  return reduce(pushed, posted(pushed, blocking));
}

describe("loop/reduce remediation rounds", () => {
  describe("when a posted review leaves blocking findings", () => {
    it("starts round 1 with remediation enabled: the attempt is recorded and dispatched", () => {
      const reviewing = reviewingH1();

      const { state, effects } = reduce(reviewing, posted(reviewing, ["f1", "f2"]));

      const fix = fixOf(state);
      expect(effects).toEqual([
        {
          kind: "RecordAttempt",
          dispatchId: fix.dispatchId,
          round: 1,
          attempt: 1,
          headSha: "h1",
          scope: "blocking",
          fingerprints: ["f1", "f2"],
          target: "workflow_dispatch",
        },
        {
          kind: "Dispatch",
          dispatchId: fix.dispatchId,
          seq: fix.seq,
          round: 1,
          attempt: 1,
          headSha: "h1",
        },
      ]);
      expect(state).toMatchObject({ status: "awaiting_fix", round: 1 });
      expect(fix).toMatchObject({ round: 1, attempt: 1, phase: "dispatching", headSha: "h1" });
      expect(state.reason).toMatch(/Round 1\/5: dispatching the fixer for the blocking findings/);
    });

    it("waits in idle with remediation off and says to use /reviewloop fix", () => {
      const reviewing = reviewingH1(settings({ enabled: false }));

      const { state, effects } = reduce(reviewing, posted(reviewing, ["f1"]));

      expect(effects).toEqual([]);
      expect(state).toMatchObject({ status: "idle", round: 0 });
      expect(state.fix ?? null).toBeNull();
      expect(state.reason).toMatch(/blocking findings remain/);
      expect(state.reason).toMatch(/remediation\.enabled/);
      expect(state.reason).toMatch(/`\/reviewloop fix`/);
    });

    it.each(["workflow_dispatch", "repository_dispatch"] as const)(
      "dispatches nothing for a fork with the %s target, and says why",
      (target) => {
        const reviewing = reviewingH1(settings({ target }));

        const { state, effects } = reduce(reviewing, posted(reviewing, ["f1"], { fork: true }));

        expect(effects).toEqual([]);
        expect(state).toMatchObject({ status: "idle", round: 0 });
        expect(state.reason).toMatch(/fork/);
        expect(state.reason).toMatch(/cannot push/);
      },
    );

    it("dispatches for a fork with the webhook target (the operator's fixer can push there)", () => {
      const reviewing = reviewingH1(settings({ target: "webhook" }));

      const { state, effects } = reduce(reviewing, posted(reviewing, ["f1"], { fork: true }));

      expect(kinds(effects)).toEqual(["RecordAttempt", "Dispatch"]);
      expect(only(effects, "RecordAttempt")[0]?.target).toBe("webhook");
      expect(state).toMatchObject({ status: "awaiting_fix", round: 1 });
    });

    it("takes the settings the pass read, not older ones the loop kept", () => {
      const reviewing = reviewingH1(settings({ enabled: false }));

      const { state, effects } = reduce(
        reviewing,
        posted(reviewing, ["f1"], { settings: settings({ enabled: true }) }),
      );

      expect(kinds(effects)).toEqual(["RecordAttempt", "Dispatch"]);
      expect(state.status).toBe("awaiting_fix");
    });
  });

  describe("when the review leaves nothing blocking", () => {
    it("passes and ends the round in flight, without touching a label never added", () => {
      const pushed = fixerPushed();

      const { state, effects } = reduce(pushed, posted(pushed, []));

      expect(effects).toEqual([]);
      expect(state).toMatchObject({ status: "passed", round: 1, labeled: false });
      expect(state.fix).toBeNull();
      expect(state.reason).toMatch(/nothing blocking after 1 round/);
    });

    it("removes the needs-human label when the loop had added it", () => {
      const pushed: LoopState = { ...fixerPushed(), labeled: true, handOffSeq: 1 };

      const { state, effects } = reduce(pushed, posted(pushed, []));

      expect(effects).toEqual([{ kind: "Label", action: "remove", seq: 1 }]);
      expect(state).toMatchObject({ status: "passed", labeled: false, handOff: null });
    });
  });

  describe("when the fixer pushes during a round", () => {
    it.each([
      ["a login of fixer.logins", { login: "fixer-bot[bot]", type: "Bot" }, {}],
      ["the same login in other case", { login: "Fixer-Bot[bot]", type: "Bot" }, {}],
      ["the app itself", { login: "reviewloop[bot]", type: "Bot" }, { byApp: true }],
    ])("reviews the new head of %s and keeps the round for that review", (_, actor, extra) => {
      const round = roundOne();
      const accepted = replay(round, answer(round, "accepted"));

      const { state, effects } = reduce(accepted, push(accepted, "h2", actor, extra));

      expect(only(effects, "RunReview")).toMatchObject([{ headSha: "h2" }]);
      expect(kinds(effects)).toEqual(["RunReview"]);
      expect(state).toMatchObject({ status: "reviewing", headSha: "h2", round: 1 });
      expect(fixOf(state)).toMatchObject({ round: 1, phase: "pushed" });
      expect(state.reason).toMatch(/Round 1: the fixer pushed h2; reviewing it/);
    });

    it("starts the next round when the blocking findings shrank, progress counted from 0", () => {
      const { state, effects } = fixerRound({ ...roundOne(), noProgressRounds: 1 }, "h2", ["f2"]);

      expect(only(effects, "Dispatch")).toMatchObject([{ round: 2, attempt: 1, headSha: "h2" }]);
      expect(only(effects, "RecordAttempt")).toMatchObject([{ round: 2, fingerprints: ["f2"] }]);
      expect(state).toMatchObject({ status: "awaiting_fix", round: 2, noProgressRounds: 0 });
      expect(state.reason).toMatch(/Round 2\/5/);
    });

    it("counts a round without progress when the blocking findings did not shrink", () => {
      const { state, effects } = fixerRound(roundOne(), "h2", ["f1", "f3"]);

      expect(state).toMatchObject({ status: "awaiting_fix", round: 2, noProgressRounds: 1 });
      expect(only(effects, "Dispatch")).toMatchObject([{ round: 2 }]);
      expect(effects.some((effect) => effect.kind === "HandOff")).toBe(false);
    });

    it("hands off once when no_progress_rounds rounds in a row did not shrink them", () => {
      const second = fixerRound(roundOne(), "h2", ["f1", "f2"]).state;

      const { state, effects } = fixerRound(second, "h3", ["f1", "f2"]);

      expect(kinds(effects)).toEqual(["HandOff"]);
      expect(only(effects, "HandOff")).toMatchObject([
        { handOff: { kind: "no_progress", round: 2 } },
      ]);
      expect(state).toMatchObject({ status: "handed_off", round: 2, labeled: true, fix: null });
      expect(state.handOff?.kind).toBe("no_progress");
      expect(state.reason).toMatch(/Handed off to a human: .*did not shrink for 2 rounds/);
    });

    it("hands off no more than once: a later review of a blocking head dispatches nothing", () => {
      const second = fixerRound(roundOne(), "h2", ["f1", "f2"]).state;
      const handedOff = fixerRound(second, "h3", ["f1", "f2"]).state;
      const reviewing = reduce(handedOff, push(handedOff, "h4", human)).state;

      const { state, effects } = reduce(reviewing, posted(reviewing, ["f1", "f2"]));

      expect(effects).toEqual([]);
      expect(state).toMatchObject({ status: "handed_off", round: 2 });
      expect(state.reason).toMatch(/handed off/);
    });
  });

  describe("when the round limit is reached", () => {
    it.each([
      [{ maxRounds: 1 }, 0, 1],
      [{ maxRounds: 2 }, 0, 2],
      [{ maxRounds: 1 }, 1, 2],
    ] as [Partial<LoopSettings>, number, number][])(
      "hands off at round max_rounds + extraRounds (%o, extra %i) with blocking findings left",
      (limits, extraRounds, limit) => {
        const loop = settings({ ...limits, noProgressRounds: 5 });
        let state: LoopState = { ...roundOne(loop), extraRounds };
        let effects: Effect[] = [];
        for (let round = 1; round <= limit; round++) {
          ({ state, effects } = fixerRound(state, `h${round + 1}`, ["f1"]));
        }

        expect(state.round).toBe(limit);
        expect(only(effects, "Dispatch")).toEqual([]);
        expect(kinds(effects)).toEqual(["HandOff"]);
        expect(state.handOff).toMatchObject({ kind: "max_rounds", round: limit });
        expect(state).toMatchObject({ status: "handed_off", labeled: true });
        expect(state.reason).toMatch(
          new RegExp(`limit of ${limit} rounds? and blocking findings remain`),
        );
      },
    );
  });

  describe("when someone else pushes during a round", () => {
    it("pauses with on_human_push: pause (the default), dropping the round and queued work", () => {
      const round = roundOne();
      const accepted = replay(round, answer(round, "accepted"));

      const { state, effects } = reduce(accepted, push(accepted, "h2", human));

      expect(effects).toEqual([{ kind: "CancelQueued" }]);
      expect(state).toMatchObject({ status: "paused", headSha: "h2", fix: null });
      expect(state.reason).toMatch(/@alice pushed h2 while round 1 was in flight: paused/);
      expect(state.reason).toMatch(/\/reviewloop resume/);
    });

    it("reviews the new head with on_human_push: continue, the round staying in flight", () => {
      const round = roundOne(settings({ onHumanPush: "continue" }));
      const accepted = replay(round, answer(round, "accepted"));

      const { state, effects } = reduce(accepted, push(accepted, "h2", human));

      expect(kinds(effects)).toEqual(["RunReview"]);
      expect(only(effects, "RunReview")[0]?.headSha).toBe("h2");
      expect(state).toMatchObject({ status: "reviewing", headSha: "h2", round: 1 });
      expect(fixOf(state)).toMatchObject({
        dispatchId: fixOf(accepted).dispatchId,
        phase: "accepted",
      });
      expect(state.reason).toMatch(/on_human_push: continue/);
    });

    it("starts no second round when that review still blocks (the fixer is at work)", () => {
      const round = roundOne(settings({ onHumanPush: "continue" }));
      const accepted = replay(round, answer(round, "accepted"));
      const reviewing = replay(accepted, push(accepted, "h2", human));

      const { state, effects } = reduce(reviewing, posted(reviewing, ["f1"]));

      expect(effects).toEqual([]);
      expect(state).toMatchObject({ status: "awaiting_fix", round: 1 });
      expect(fixOf(state).dispatchId).toBe(fixOf(accepted).dispatchId);
      expect(state.reason).toMatch(/round 1 is still in flight/);
    });

    it("still takes that review when an attempt fails while it runs", () => {
      const round = roundOne(settings({ onHumanPush: "continue" }));
      const accepted = replay(round, answer(round, "accepted"));
      const reviewing = replay(accepted, push(accepted, "h2", human));
      const retrying = reduce(reviewing, timedOut(reviewing, "no_result"));

      const { state, effects } = reduce(retrying.state, posted(retrying.state, ["f1"]));

      expect(only(retrying.effects, "Dispatch")).toMatchObject([{ round: 1, attempt: 2 }]);
      expect(retrying.state.status).toBe("reviewing");
      expect(effects).toEqual([]);
      expect(state).toMatchObject({ status: "awaiting_fix", lastReviewedSha: "h2", round: 1 });
      expect(state.blocking).toEqual(["f1"]);
      expect(fixOf(state)).toMatchObject({ attempt: 2, phase: "retry_wait" });
    });

    it("still takes that review when no fixer can be dispatched meanwhile", () => {
      const round = roundOne(settings({ onHumanPush: "continue" }));
      const reviewing = replay(round, push(round, "h2", human));
      const unavailable = reduce(reviewing, answer(reviewing, "unavailable"));

      const { state } = reduce(unavailable.state, posted(unavailable.state, ["f1"]));

      expect(unavailable.state).toMatchObject({ status: "reviewing", round: 0, fix: null });
      expect(state).toMatchObject({ lastReviewedSha: "h2", blocking: ["f1"], round: 1 });
      expect(fixOf(state).headSha).toBe("h2");
    });

    it("lets that review start the next round when the fixer's run ended without a push", () => {
      const round = roundOne(settings({ onHumanPush: "continue" }));
      const succeeded = replay(
        round,
        answer(round, "accepted"),
        run(round, "completed", "success"),
      );
      const reviewing = replay(succeeded, push(succeeded, "h2", human));
      const ended = reduce(reviewing, timedOut(reviewing, "no_push"));

      const { state, effects } = reduce(ended.state, posted(ended.state, ["f1", "f2"]));

      expect(ended.effects).toEqual([]);
      expect(ended.state).toMatchObject({ status: "reviewing", fix: null, noProgressRounds: 1 });
      expect(ended.state.reason).toMatch(/succeeded without pushing a change/);
      expect(only(effects, "Dispatch")).toMatchObject([{ round: 2, headSha: "h2" }]);
      expect(state).toMatchObject({ status: "awaiting_fix", round: 2, noProgressRounds: 1 });
    });

    it("judges the fixer's later push against the round's start", () => {
      const round = roundOne(settings({ onHumanPush: "continue" }));
      const accepted = replay(round, answer(round, "accepted"));
      const reviewing = replay(accepted, push(accepted, "h2", human));
      const waiting = replay(reviewing, posted(reviewing, ["f1", "f2"]));
      const pushed = replay(waiting, push(waiting, "h3", fixerBot));

      const { state, effects } = reduce(pushed, posted(pushed, ["f2"]));

      expect(state).toMatchObject({ round: 2, noProgressRounds: 0, status: "awaiting_fix" });
      expect(only(effects, "Dispatch")).toMatchObject([{ round: 2, headSha: "h3" }]);
    });
  });
});
