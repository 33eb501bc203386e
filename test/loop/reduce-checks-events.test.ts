import { describe, expect, it } from "vitest";
import { reduce } from "../../src/loop/reduce.ts";
import type { LoopState } from "../../src/loop/types.ts";
import {
  ciSettings,
  observed,
  postedWith,
  reviewedH1,
  run,
  seen,
  waitExpired,
} from "./checks-fixtures.ts";
import {
  answer,
  command,
  fixOf,
  kinds,
  only,
  posted,
  push,
  replay,
} from "./remediation-fixtures.ts";

/** `f1` blocks on `h1`, whose `build` is still running: the round waits for it. */
function awaitingChecks(pending = ["build"], failing: string[] = []): LoopState {
  const { state } = reviewedH1(["f1"], seen(pending, failing));
  if (state.status !== "awaiting_checks") throw new Error(`not waiting (${state.status})`);
  return state;
}

describe("loop/reduce with the head's checks observed", () => {
  describe("while a round waits for the head's checks", () => {
    it("sets no second timer and starts no round while checks still run; the reason names them", () => {
      const waiting = awaitingChecks(["build", "test"]);

      const { state, effects } = run(
        waiting,
        observed(waiting, ["build", "test"]),
        observed(waiting, ["test"], ["build"]),
        observed(waiting, ["test"], ["build"]),
      );

      expect(effects).toEqual([]);
      expect(state.status).toBe("awaiting_checks");
      expect(state.checks).toMatchObject({ pending: ["test"], failing: ["build"], waiting: true });
      expect(state.reason).toMatch(/1 check fails \(build\)/);
      expect(state.reason).toMatch(/1 check is still running \(test\)/);
    });

    it("dispatches once the checks complete, and a repeated observation changes nothing", () => {
      const waiting = awaitingChecks();

      const done = reduce(waiting, observed(waiting, [], []));
      const again = reduce(done.state, observed(waiting, [], []));

      expect(kinds(done.effects)).toEqual(["RecordAttempt", "Dispatch"]);
      expect(fixOf(done.state).startBlocking).toEqual(["f1"]);
      expect(again.effects).toEqual([]);
      expect(again.state.fix).toEqual(done.state.fix);
    });

    it("dispatches the round when the wait expires, saying which checks were still running", () => {
      const waiting = awaitingChecks(["build", "test"], ["lint"]);

      const { state, effects } = reduce(waiting, waitExpired(waiting));

      expect(kinds(effects)).toEqual(["RecordAttempt", "Dispatch"]);
      expect(fixOf(state).startBlocking).toEqual(["f1", "check:lint"]);
      expect(state.checks?.expired).toBe(true);
      expect(state.reason).toMatch(
        /^The wait for h1's checks ended after 20 min with build, test still running\. Round 1\/5: dispatching/,
      );
    });

    it("ignores a second expiry, and an observation after it starts no second round", () => {
      const waiting = awaitingChecks();
      const expired = reduce(waiting, waitExpired(waiting)).state;

      const { state, effects } = run(
        expired,
        waitExpired(waiting),
        observed(waiting, [], ["build"]),
      );

      expect(effects).toEqual([]);
      expect(state.round).toBe(1);
      expect(state.fix?.dispatchId).toBe(expired.fix?.dispatchId);
    });

    it("ignores observations and an expiry of a head the loop moved past", () => {
      const waiting = awaitingChecks();
      const moved = reduce(waiting, push(waiting, "h2")).state;

      const { state, effects } = run(
        moved,
        observed(moved, [], ["build"], "h1"),
        waitExpired(moved, "h1"),
      );

      expect(effects).toEqual([]);
      expect(state).toEqual(moved);
    });

    it("reviews a push that arrives meanwhile: no round is in flight, none starts", () => {
      const waiting = awaitingChecks();

      const { state, effects } = reduce(waiting, push(waiting, "h2"));

      expect(kinds(effects)).toEqual(["RunReview"]);
      expect(only(effects, "RunReview")[0]?.headSha).toBe("h2");
      expect(state).toMatchObject({ status: "reviewing", headSha: "h2", round: 0 });
    });

    it("waits again for the new head's own checks with a timer of its own", () => {
      const waiting = awaitingChecks();
      const reviewing = reduce(waiting, push(waiting, "h2")).state;

      const { state, effects } = reduce(reviewing, postedWith(reviewing, ["f1"], seen(["build"])));

      expect(effects).toEqual([{ kind: "ScheduleChecksWait", headSha: "h2", delayMs: 1_200_000 }]);
      expect(state.status).toBe("awaiting_checks");
    });

    it("does not wait a second time for a head whose wait expired while it was reviewed again", () => {
      const waiting = awaitingChecks();
      const reviewing = reduce(waiting, command("review", waiting)).state;
      const expired = reduce(reviewing, waitExpired(reviewing));

      const { state, effects } = reduce(
        expired.state,
        postedWith(expired.state, ["f1"], seen(["build"])),
      );

      expect(expired.effects).toEqual([]);
      expect(expired.state.status).toBe("reviewing");
      expect(kinds(effects)).toEqual(["RecordAttempt", "Dispatch"]);
      expect(state.status).toBe("awaiting_fix");
    });

    it("sets no second timer when the same head is reviewed again and still waits", () => {
      const waiting = awaitingChecks();
      const reviewing = reduce(waiting, command("review", waiting)).state;

      const { state, effects } = reduce(reviewing, postedWith(reviewing, ["f1"], seen(["build"])));

      expect(effects).toEqual([]);
      expect(state.status).toBe("awaiting_checks");
    });

    it("passes when a failing check was the only thing left and its re-run succeeds", () => {
      const { state: waiting } = reviewedH1([], seen(["build"], ["lint"]));

      const { state, effects } = reduce(waiting, observed(waiting, ["build"], []));

      expect(waiting.status).toBe("awaiting_checks");
      expect(effects).toEqual([]);
      expect(state.status).toBe("passed");
      expect(state.reason).toBe("Reviewed h1: nothing blocking; 1 check is still running (build).");
    });
  });

  describe("commands while a round waits for checks", () => {
    it("pause drops the timer; resume waits again with a new one", () => {
      const waiting = awaitingChecks();

      const paused = reduce(waiting, command("pause", waiting));
      const resumed = reduce(paused.state, command("resume", paused.state));

      expect(paused.effects).toEqual([{ kind: "CancelQueued" }]);
      expect(paused.state).toMatchObject({ status: "paused", pausedFrom: "awaiting_checks" });
      expect(paused.state.checks?.waiting).toBeUndefined();
      expect(resumed.effects).toEqual([
        { kind: "ScheduleChecksWait", headSha: "h1", delayMs: 1_200_000 },
      ]);
      expect(resumed.state.status).toBe("awaiting_checks");
    });

    it("resume after stop dispatches with the checks observed while stopped", () => {
      const waiting = awaitingChecks();
      const stopped = reduce(waiting, command("stop", waiting)).state;
      const seenWhileStopped = reduce(stopped, observed(stopped, [], ["build"]));

      const { state, effects } = reduce(
        seenWhileStopped.state,
        command("resume", stopped, { resumeRounds: 2 }),
      );

      expect(seenWhileStopped.effects).toEqual([]);
      expect(seenWhileStopped.state.status).toBe("stopped");
      expect(kinds(effects)).toEqual(["RecordAttempt", "Dispatch"]);
      expect(fixOf(state).startBlocking).toEqual(["f1", "check:build"]);
    });

    it("fix dispatches at once with what is known, and says it did not wait", () => {
      const waiting = awaitingChecks(["build"], ["lint"]);

      const { state, effects, answer } = reduce(waiting, command("fix", waiting));

      expect(kinds(effects)).toEqual(["RecordAttempt", "Dispatch"]);
      expect(fixOf(state)).toMatchObject({ scope: "all", startBlocking: ["f1", "check:lint"] });
      expect(answer).toMatch(
        /Round 1\/5: dispatching the fixer for 1 open finding and 1 failing check \(lint\), without waiting for the checks still running \(build\)/,
      );
    });

    it("fix sends a round for failing checks alone when no finding is open", () => {
      const { state: waiting } = reviewedH1([], seen(["build"], ["lint"]));

      const { state, effects, answer } = reduce(waiting, command("fix", waiting));

      expect(waiting.status).toBe("awaiting_checks");
      expect(kinds(effects)).toEqual(["RecordAttempt", "Dispatch"]);
      expect(fixOf(state).startBlocking).toEqual(["check:lint"]);
      expect(answer).toMatch(/for 1 failing check \(lint\), without waiting/);
    });

    it("fix refuses when nothing is open and no check fails", () => {
      const { state: passed } = reviewedH1([], seen(["build"]));

      const { effects, answer } = reduce(passed, command("fix", passed));

      expect(effects).toEqual([]);
      expect(answer).toMatch(/Nothing to fix/);
    });
  });

  describe("after the review passed", () => {
    it("starts a CI-only round when a check fails", () => {
      const { state: passed } = reviewedH1([], seen(["test"]));

      const { state, effects } = reduce(passed, observed(passed, [], ["test"]));

      expect(passed.status).toBe("passed");
      expect(kinds(effects)).toEqual(["RecordAttempt", "Dispatch"]);
      expect(fixOf(state).startBlocking).toEqual(["check:test"]);
    });

    it("waits for the other checks when one fails while others still run", () => {
      const { state: passed } = reviewedH1([], seen(["build", "test"]));

      const { state, effects } = run(
        passed,
        observed(passed, ["build"], ["test"]),
        observed(passed, ["build"], ["test"]),
      );

      expect(effects).toEqual([{ kind: "ScheduleChecksWait", headSha: "h1", delayMs: 1_200_000 }]);
      expect(state.status).toBe("awaiting_checks");
    });

    it("says when the running checks are done, and stays passed", () => {
      const { state: passed } = reviewedH1([], seen(["build"]));

      const { state, effects } = reduce(passed, observed(passed, [], []));

      expect(effects).toEqual([]);
      expect(state.status).toBe("passed");
      expect(state.reason).toBe("Reviewed h1: nothing blocking.");
    });

    it("records a failure without a round when on_ci_failure is off", () => {
      const { state: passed } = reviewedH1([], seen(["test"]), ciSettings({ onCiFailure: false }));

      const { state, effects } = reduce(passed, observed(passed, [], ["test"]));

      expect(effects).toEqual([]);
      expect(state.status).toBe("passed");
      expect(state.checks?.failing).toEqual(["test"]);
    });
  });

  describe("anywhere else the view is only recorded", () => {
    const roundInFlight = (): LoopState => {
      const round = reviewedH1(["f1"], seen([])).state;
      return replay(round, answer(round, "accepted"));
    };
    const pausedByPush = (): LoopState => {
      const round = reviewedH1(["f1"], seen([])).state;
      return reduce(round, push(round, "h2")).state;
    };
    const handedOff = (): LoopState =>
      reviewedH1([], seen([], ["test"]), ciSettings({ maxRounds: 0 })).state;
    const idleFork = (): LoopState => {
      const { state } = reviewedH1(["f1"], seen([]));
      return { ...state, status: "idle", fix: null, fork: true };
    };

    it.each([
      ["a round in flight", roundInFlight, "awaiting_fix"],
      ["a human's push paused the loop", pausedByPush, "paused"],
      ["handed off", handedOff, "handed_off"],
      ["idle", idleFork, "idle"],
    ])("%s: a failing check starts nothing", (_, build, status) => {
      const before = build();

      const { state, effects } = reduce(before, observed(before, [], ["build"]));

      expect(before.status).toBe(status);
      expect(effects).toEqual([]);
      expect(state).toEqual({
        ...before,
        checks: { headSha: before.headSha, pending: [], failing: ["build"] },
      });
    });

    it("reviewing: the pass's own read at its end wins over an observation made before", () => {
      const waiting = awaitingChecks();
      const again = reduce(waiting, command("review", waiting)).state;

      const noted = reduce(again, observed(again, [], ["build"]));
      const { state } = reduce(noted.state, posted(noted.state, ["f1"], { checks: seen([], []) }));

      expect(noted.effects).toEqual([]);
      expect(noted.state.status).toBe("reviewing");
      expect(state.checks).toMatchObject({ pending: [], failing: [] });
      expect(fixOf(state).startBlocking).toEqual(["f1"]);
    });

    it("closed: ignores observations and the timer", () => {
      const waiting = awaitingChecks();
      const closed = reduce(waiting, {
        type: "PullRequestClosed",
        merged: false,
        actor: { login: "alice", type: "User" },
      }).state;

      const { state, effects } = run(closed, observed(closed, [], ["build"]), waitExpired(closed));

      expect(effects).toEqual([]);
      expect(state).toEqual(closed);
      expect(closed.checks?.waiting).toBeUndefined();
    });
  });
});
