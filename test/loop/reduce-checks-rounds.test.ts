import { describe, expect, it } from "vitest";
import { reduce } from "../../src/loop/reduce.ts";
import {
  ciSettings,
  fixerPushedH2,
  observed,
  postedWith,
  reviewedH1,
  run,
  seen,
} from "./checks-fixtures.ts";
import { fixOf, kinds, only, posted, push, reviewingH1 } from "./remediation-fixtures.ts";

describe("loop/reduce CI failures as rounds", () => {
  describe("when the review of the head read its checks", () => {
    it("sends one round for two failing checks and a blocking finding, once the checks complete", () => {
      const first = reviewedH1(["f1"], seen(["build", "lint", "test"]));

      const { state, effects } = run(
        first.state,
        observed(first.state, ["lint", "test"], ["build"]),
        observed(first.state, ["test"], ["build", "lint"]),
        observed(first.state, [], ["build", "lint"]),
        observed(first.state, [], ["build", "lint"]),
      );

      expect(kinds(first.effects)).toEqual(["ScheduleChecksWait"]);
      expect(first.state.status).toBe("awaiting_checks");
      expect(kinds(effects)).toEqual(["RecordAttempt", "Dispatch"]);
      expect(fixOf(state).startBlocking).toEqual(["f1", "check:build", "check:lint"]);
      expect(only(effects, "RecordAttempt")[0]?.fingerprints).toEqual([
        "f1",
        "check:build",
        "check:lint",
      ]);
      expect(state).toMatchObject({ status: "awaiting_fix", round: 1 });
      expect(state.reason).toMatch(
        /Round 1\/5: dispatching the fixer for the blocking findings and 2 failing checks \(build, lint\) of h1/,
      );
    });

    it("dispatches at once when the head's checks have all completed", () => {
      const { state, effects } = reviewedH1(["f1"], seen([], ["lint"]));

      expect(kinds(effects)).toEqual(["RecordAttempt", "Dispatch"]);
      expect(fixOf(state).startBlocking).toEqual(["f1", "check:lint"]);
    });

    it("gives a review that passed with red CI a round for the failing checks alone", () => {
      const { state, effects } = reviewedH1([], seen([], ["test", "lint", "test"]));

      expect(kinds(effects)).toEqual(["RecordAttempt", "Dispatch"]);
      expect(state).toMatchObject({ status: "awaiting_fix", round: 1 });
      expect(state.checks).toEqual({ headSha: "h1", pending: [], failing: ["lint", "test"] });
      expect(fixOf(state).startBlocking).toEqual(["check:lint", "check:test"]);
      expect(state.reason).toMatch(
        /dispatching the fixer for 2 failing checks \(lint, test\) of h1/,
      );
    });

    it("passes with nothing blocking and no failing check, naming the checks still running", () => {
      const { state, effects } = reviewedH1([], seen(["build"]));

      expect(effects).toEqual([]);
      expect(state.status).toBe("passed");
      expect(state.reason).toBe("Reviewed h1: nothing blocking; 1 check is still running (build).");
    });

    it("waits for pending checks with one timer bounded by engines.checks.timeout_minutes", () => {
      const { state, effects } = reviewedH1(
        ["f1"],
        seen(["build", "test"], ["lint"]),
        ciSettings({ checksTimeoutMinutes: 5 }),
      );

      expect(effects).toEqual([{ kind: "ScheduleChecksWait", headSha: "h1", delayMs: 5 * 60_000 }]);
      expect(state).toMatchObject({ status: "awaiting_checks", round: 0 });
      expect(state.fix ?? null).toBeNull();
      expect(state.checks?.waiting).toBe(true);
      expect(state.reason).toMatch(/blocking findings remain and 1 check fails \(lint\)/);
      expect(state.reason).toMatch(/2 checks are still running \(build, test\)/);
      expect(state.reason).toMatch(/5 min/);
    });

    it("waits 20 minutes when the settings carry no bound", () => {
      const { effects } = reviewedH1(
        ["f1"],
        seen(["build"]),
        ciSettings({ checksTimeoutMinutes: undefined }),
      );

      expect(only(effects, "ScheduleChecksWait")[0]?.delayMs).toBe(20 * 60_000);
    });

    it("does not wait when the head's checks were never read (no CI known)", () => {
      const reviewing = reviewingH1(ciSettings());

      const { state, effects } = reduce(reviewing, posted(reviewing, ["f1"]));

      expect(kinds(effects)).toEqual(["RecordAttempt", "Dispatch"]);
      expect(state.checks ?? null).toBeNull();
      expect(fixOf(state).startBlocking).toEqual(["f1"]);
    });

    it("dispatches at once, with the failures known, when wait_for_checks is off", () => {
      const { state, effects } = reviewedH1(
        ["f1"],
        seen(["build"], ["lint"]),
        ciSettings({ waitForChecks: false }),
      );

      expect(kinds(effects)).toEqual(["RecordAttempt", "Dispatch"]);
      expect(fixOf(state).startBlocking).toEqual(["f1", "check:lint"]);
    });

    it.each([
      ["on_ci_failure is off", ciSettings({ onCiFailure: false })],
      ["remediation is off", ciSettings({ enabled: false })],
    ])("ignores the checks when %s: a review with nothing blocking passes", (_, loop) => {
      const { state, effects } = reviewedH1([], seen(["build"], ["lint"]), loop);

      expect(effects).toEqual([]);
      expect(state.status).toBe("passed");
      expect(state.reason).toBe("Reviewed h1: nothing blocking.");
    });

    it("does not wait for checks when on_ci_failure is off", () => {
      const { effects } = reviewedH1(["f1"], seen(["build"]), ciSettings({ onCiFailure: false }));

      expect(kinds(effects)).toEqual(["RecordAttempt", "Dispatch"]);
    });

    it("dispatches nothing for a fork and names the failing checks in the reason", () => {
      const reviewing = reviewingH1(ciSettings());

      const { state, effects } = reduce(
        reviewing,
        postedWith(reviewing, [], seen([], ["test"]), { fork: true }),
      );

      expect(effects).toEqual([]);
      expect(state.status).toBe("idle");
      expect(state.reason).toMatch(
        /Reviewed h1: 1 check fails \(test\); the head branch is in a fork/,
      );
    });

    it("hands off at the round limit, saying the failing checks remain", () => {
      const { state, effects } = reviewedH1([], seen([], ["test"]), ciSettings({ maxRounds: 0 }));

      expect(kinds(effects)).toEqual(["HandOff"]);
      expect(state.handOff?.reason).toMatch(/limit of 0 rounds and 1 check fails \(test\)/);
    });
  });

  describe("judging a round's progress", () => {
    it("counts the failing check names: the same finding and check left is no progress", () => {
      const pushed = fixerPushedH2();

      const waiting = reduce(pushed, postedWith(pushed, ["f1"], seen(["lint"])));
      const done = reduce(waiting.state, observed(waiting.state, [], ["lint"]));

      expect(waiting.state.status).toBe("awaiting_checks");
      expect(waiting.state.noProgressRounds ?? 0).toBe(0);
      expect(waiting.state.judgeAgainst).toEqual(["f1", "check:lint"]);
      expect(done.state).toMatchObject({ status: "awaiting_fix", round: 2, noProgressRounds: 1 });
      expect(done.state.judgeAgainst).toBeNull();
    });

    it("counts a fixed check as progress even when the findings did not change", () => {
      const pushed = fixerPushedH2();

      const waiting = reduce(pushed, postedWith(pushed, ["f1"], seen(["lint"])));
      const done = reduce(waiting.state, observed(waiting.state, [], []));

      expect(done.state).toMatchObject({ status: "awaiting_fix", round: 2, noProgressRounds: 0 });
    });

    it("counts a fixed finding that broke another check as no progress", () => {
      const pushed = fixerPushedH2();

      const { state } = reduce(pushed, postedWith(pushed, [], seen([], ["lint", "test"])));

      expect(state).toMatchObject({ status: "awaiting_fix", round: 2, noProgressRounds: 1 });
      expect(fixOf(state).startBlocking).toEqual(["check:lint", "check:test"]);
    });

    it("hands off for no progress, naming findings and failing checks", () => {
      const loop = ciSettings({ noProgressRounds: 1 });
      const pushed = fixerPushedH2(loop);

      const { state, effects } = reduce(pushed, postedWith(pushed, ["f1"], seen([], ["lint"])));

      expect(kinds(effects)).toEqual(["HandOff"]);
      expect(state.handOff?.kind).toBe("no_progress");
      expect(state.handOff?.reason).toMatch(
        /the open blocking findings and failing checks did not shrink for 1 round in a row/,
      );
    });

    it("judges a waiting round once, however many observations follow", () => {
      const pushed = fixerPushedH2();
      const waiting = reduce(pushed, postedWith(pushed, ["f1"], seen(["lint", "test"]))).state;

      const { state } = run(
        waiting,
        observed(waiting, ["test"], ["lint"]),
        observed(waiting, ["test"], ["lint"]),
        observed(waiting, [], ["lint"]),
        observed(waiting, [], ["lint"]),
      );

      expect(state).toMatchObject({ round: 2, noProgressRounds: 1 });
    });

    it("judges a waiting round with what is known when the head moves on", () => {
      const pushed = fixerPushedH2();
      const waiting = reduce(pushed, postedWith(pushed, ["f1"], seen(["lint"], ["test"]))).state;

      const { state, effects } = reduce(waiting, push(waiting, "h3"));

      expect(kinds(effects)).toEqual(["RunReview"]);
      expect(state).toMatchObject({ status: "reviewing", headSha: "h3", noProgressRounds: 1 });
      expect(state.judgeAgainst).toBeNull();
    });

    it("passes when the round's head has nothing blocking and its checks turn green", () => {
      const pushed = fixerPushedH2();
      const waiting = reduce(pushed, postedWith(pushed, [], seen(["lint"], ["test"]))).state;

      const { state, effects } = run(waiting, observed(waiting, [], []));

      expect(effects).toEqual([]);
      expect(state).toMatchObject({ status: "passed", round: 1 });
      expect(state.judgeAgainst).toBeNull();
      expect(state.reason).toBe("Reviewed h2: nothing blocking after 1 round.");
    });
  });
});
