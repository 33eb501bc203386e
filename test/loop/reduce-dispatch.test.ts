import { describe, expect, it } from "vitest";
import { reduce } from "../../src/loop/reduce.ts";
import { NO_PUSH_GRACE_MS } from "../../src/loop/rounds.ts";
import type { LoopState } from "../../src/loop/types.ts";
import {
  answer,
  attemptFailed,
  fixerBot,
  fixerPushed,
  fixOf,
  kinds,
  only,
  push,
  refused,
  replay,
  roundOne,
  run,
  settings,
  timedOut,
} from "./remediation-fixtures.ts";

const MINUTE = 60_000;

describe("loop/reduce dispatch answers", () => {
  it("schedules the no_result timer of dispatch_timeout_minutes when the fixer accepts", () => {
    const round = roundOne();

    const { state, effects } = reduce(
      round,
      answer(round, "accepted", { runId: 42, runUrl: "https://run/42" }),
    );

    expect(effects).toEqual([
      {
        kind: "ScheduleTimeout",
        dispatchId: fixOf(round).dispatchId,
        timer: "no_result",
        delayMs: 30 * MINUTE,
      },
    ]);
    expect(fixOf(state)).toMatchObject({ phase: "accepted", runId: 42 });
    expect(state).toMatchObject({ status: "awaiting_fix", round: 1 });
    expect(state.reason).toMatch(/accepted the dispatch \(https:\/\/run\/42\)/);
  });

  it("queues the next attempt after a backoff when the dispatch is refused", () => {
    const round = roundOne();

    const { state, effects } = reduce(
      round,
      answer(round, "refused", { detail: "HTTP 422: workflow not found" }),
    );

    const fix = fixOf(state);
    expect(kinds(effects)).toEqual(["RecordAttempt", "Dispatch"]);
    expect(only(effects, "Dispatch")).toEqual([
      {
        kind: "Dispatch",
        dispatchId: fix.dispatchId,
        seq: fix.seq,
        round: 1,
        attempt: 2,
        headSha: "h1",
        delayMs: MINUTE,
      },
    ]);
    expect(fix.dispatchId).not.toBe(fixOf(round).dispatchId);
    expect(fix).toMatchObject({ attempt: 2, failures: 1, phase: "retry_wait" });
    expect(state).toMatchObject({ status: "awaiting_fix", round: 1 });
    expect(state.reason).toMatch(/dispatch refused: HTTP 422: workflow not found/);
    expect(state.reason).toMatch(/attempt 2\/3 in 1 min/);
  });

  it("backs off 1, 2, 4, … minutes between attempts, at most 30", () => {
    let state = roundOne(settings({ maxAttempts: 10 }));
    const delays: (number | undefined)[] = [];

    for (let failure = 1; failure < 10; failure++) {
      const moved = reduce(state, answer(state, "refused", { detail: "HTTP 500" }));
      delays.push(only(moved.effects, "Dispatch")[0]?.delayMs);
      state = moved.state;
    }

    expect(delays.map((ms) => (ms ?? 0) / MINUTE)).toEqual([1, 2, 4, 8, 16, 30, 30, 30, 30]);
  });

  it("hands off on the max_attempts-th failure in a row, dispatching nothing more", () => {
    const twice = refused(roundOne(), 2);

    const { state, effects } = reduce(twice, answer(twice, "refused", { detail: "HTTP 500" }));

    expect(kinds(effects)).toEqual(["HandOff"]);
    expect(only(effects, "HandOff")[0]?.handOff).toMatchObject({
      kind: "dispatch_failing",
      round: 1,
      attempt: 3,
    });
    expect(state).toMatchObject({ status: "handed_off", round: 1, fix: null, labeled: true });
    expect(state.reason).toMatch(/failed 3 attempts in a row in round 1/);
    expect(state.reason).toMatch(/HTTP 500/);
  });

  it("re-sends the same attempt later when a cap holds it, and says why", () => {
    const round = roundOne();

    const { state, effects } = reduce(
      round,
      answer(round, "held", { detail: "the daily dispatch cap (50) is reached", retryInMs: 7_000 }),
    );

    const fix = fixOf(state);
    expect(effects).toEqual([
      {
        kind: "Dispatch",
        dispatchId: fixOf(round).dispatchId,
        seq: fix.seq,
        round: 1,
        attempt: 1,
        headSha: "h1",
        delayMs: 7_000,
      },
    ]);
    expect(fix.seq).toBeGreaterThan(fixOf(round).seq);
    expect(fix).toMatchObject({ attempt: 1, failures: 0, phase: "held" });
    expect(fix.note).toMatch(/daily dispatch cap/);
    expect(state).toMatchObject({ status: "awaiting_fix", round: 1 });
    expect(state.handOff ?? null).toBeNull();
    expect(state.reason).toMatch(/is held: the daily dispatch cap \(50\) is reached/);
  });

  it("goes idle without counting the round when no fixer can be dispatched", () => {
    const round = roundOne();

    const { state, effects } = reduce(
      round,
      answer(round, "unavailable", { detail: "REVIEWLOOP_FIXER_WEBHOOK_URL is not set" }),
    );

    expect(effects).toEqual([]);
    expect(state).toMatchObject({ status: "idle", round: 0, fix: null });
    expect(state.reason).toMatch(/No fixer dispatched: REVIEWLOOP_FIXER_WEBHOOK_URL is not set/);
  });

  it("follows a dispatch whose outcome is unknown like an accepted one, never re-sending at once", () => {
    const round = roundOne();

    const { state, effects } = reduce(
      round,
      answer(round, "unknown", { detail: "connect ECONNREFUSED" }),
    );

    // No second dispatch now: only the timer that decides, at dispatch_timeout_minutes.
    expect(effects).toEqual([
      {
        kind: "ScheduleTimeout",
        dispatchId: fixOf(round).dispatchId,
        timer: "no_result",
        delayMs: 30 * MINUTE,
      },
    ]);
    expect(fixOf(state)).toMatchObject({ phase: "accepted", attempt: 1, failures: 0 });
    expect(state).toMatchObject({ status: "awaiting_fix", round: 1 });
    expect(state.reason).toMatch(/unknown \(connect ECONNREFUSED\)/);
    expect(state.reason).toMatch(/waiting up to 30 min/);
  });

  it("runs the fixer's run of an unknown dispatch as the attempt's, and times it out as one", () => {
    const round = roundOne();
    const unknown = replay(round, answer(round, "unknown", { detail: "lost" }));

    const running = reduce(unknown, run(unknown, "in_progress"));
    const timedOutState = reduce(unknown, timedOut(unknown, "no_result"));

    expect(fixOf(running.state)).toMatchObject({ phase: "running", attempt: 1 });
    expect(only(timedOutState.effects, "Dispatch")).toMatchObject([{ round: 1, attempt: 2 }]);
    expect(timedOutState.state.reason).toMatch(/no run started within 30 min/);
  });

  it.each(["accepted", "refused", "held", "unavailable", "unknown"] as const)(
    "ignores a %s answer for an older attempt of the round",
    (result) => {
      const round = roundOne();
      const retrying = refused(round, 1);

      const transition = reduce(retrying, answer(round, result, { detail: "late" }));

      expect(transition).toEqual({ state: retrying, effects: [] });
    },
  );

  it.each(["refused", "held", "unavailable", "unknown"] as const)(
    "ignores a %s answer once the fixer's run was seen (a repeated job)",
    (result) => {
      const round = roundOne();
      const running = replay(round, answer(round, "accepted"), run(round, "in_progress"));

      const transition = reduce(running, answer(running, result, { detail: "late" }));

      expect(transition).toEqual({ state: running, effects: [] });
    },
  );

  it("ignores an answer that arrives after the fixer pushed", () => {
    const pushed = fixerPushed();

    const transition = reduce(pushed, answer(pushed, "refused", { detail: "HTTP 502" }));

    expect(transition).toEqual({ state: pushed, effects: [] });
  });
});

describe("loop/reduce fixer runs", () => {
  it("marks the round running and schedules its timer once when the run beats the answer", () => {
    const round = roundOne();

    const started = reduce(round, run(round, "in_progress"));
    const answered = reduce(started.state, answer(round, "accepted"));

    expect(kinds(started.effects)).toEqual(["ScheduleTimeout"]);
    expect(only(started.effects, "ScheduleTimeout")[0]).toMatchObject({
      timer: "no_result",
      delayMs: 30 * MINUTE,
    });
    expect(fixOf(started.state)).toMatchObject({ phase: "running", runId: 42 });
    expect(started.state.reason).toMatch(/the fixer is running/);
    expect(answered.effects).toEqual([]);
    expect(fixOf(answered.state).phase).toBe("running");
  });

  it("schedules no second timer when the run starts after the answer", () => {
    const round = roundOne();
    const accepted = replay(round, answer(round, "accepted"));

    const { state, effects } = reduce(accepted, run(accepted, "in_progress"));

    expect(effects).toEqual([]);
    expect(fixOf(state).phase).toBe("running");
  });

  it("waits a grace period for the push when the run succeeds", () => {
    const round = roundOne();
    const running = replay(round, answer(round, "accepted"), run(round, "in_progress"));

    const { state, effects } = reduce(running, run(running, "completed", "success"));

    expect(effects).toEqual([
      {
        kind: "ScheduleTimeout",
        dispatchId: fixOf(round).dispatchId,
        timer: "no_push",
        delayMs: NO_PUSH_GRACE_MS,
      },
    ]);
    expect(fixOf(state).phase).toBe("completed");
    expect(state.reason).toMatch(/succeeded; waiting for its push/);
  });

  it.each(["failure", "cancelled", "timed_out"])(
    "reads the logs of a run that ended %s before counting the failure",
    (conclusion) => {
      const round = roundOne();
      const running = replay(round, answer(round, "accepted"), run(round, "in_progress"));

      const { state, effects } = reduce(running, run(running, "completed", conclusion));

      expect(effects).toEqual([
        { kind: "CollectDiagnostics", dispatchId: fixOf(round).dispatchId, runId: 42, conclusion },
      ]);
      expect(fixOf(state)).toMatchObject({ attempt: 1, failures: 0 });
      expect(state.reason).toMatch(new RegExp(`ended ${conclusion}; reading its logs`));
    },
  );

  it("queues the next attempt once the failed run's diagnostics are kept", () => {
    const round = roundOne();
    const failing = replay(round, answer(round, "accepted"), run(round, "completed", "failure"));

    const { state, effects } = reduce(failing, attemptFailed(failing, "failure in job fix"));

    expect(kinds(effects)).toEqual(["RecordAttempt", "Dispatch"]);
    expect(only(effects, "Dispatch")).toMatchObject([{ round: 1, attempt: 2, delayMs: MINUTE }]);
    expect(fixOf(state)).toMatchObject({ attempt: 2, failures: 1, phase: "retry_wait" });
    expect(state.reason).toMatch(/failure in job fix/);
  });

  it("counts a failed run once when its no_result timer fires while its logs are read", () => {
    const round = roundOne();
    const failing = replay(round, answer(round, "accepted"), run(round, "completed", "failure"));
    const timedOutFirst = reduce(failing, timedOut(failing, "no_result")).state;

    const { state, effects } = reduce(timedOutFirst, attemptFailed(failing));

    expect(fixOf(timedOutFirst)).toMatchObject({ attempt: 2, failures: 1 });
    expect({ state, effects }).toEqual({ state: timedOutFirst, effects: [] });
  });

  it("hands off when the failed run was the max_attempts-th failure in a row", () => {
    const twice = refused(roundOne(), 2);
    const failing = replay(twice, answer(twice, "accepted"), run(twice, "completed", "failure"));

    const { state, effects } = reduce(failing, attemptFailed(failing, "failure in job fix"));

    expect(kinds(effects)).toEqual(["HandOff"]);
    expect(state.handOff).toMatchObject({ kind: "dispatch_failing", attempt: 3 });
    expect(state.reason).toMatch(/last: failure in job fix/);
  });

  it.each([
    ["in_progress", undefined],
    ["completed", "success"],
    ["completed", "failure"],
  ] as const)("changes nothing for a run %s %s after the fixer pushed", (status, conclusion) => {
    const pushed = fixerPushed();

    const transition = reduce(pushed, run(pushed, status, conclusion));

    expect(transition).toEqual({ state: pushed, effects: [] });
  });

  it("ignores a failure report once the fixer pushed", () => {
    const pushed = fixerPushed();

    const transition = reduce(pushed, attemptFailed(pushed));

    expect(transition).toEqual({ state: pushed, effects: [] });
  });
});

describe("loop/reduce dispatch timers", () => {
  it.each([
    ["accepted", [], /no run started within 30 min/],
    ["running", ["in_progress"], /the run did not finish within 30 min/],
  ] as const)("counts a failed attempt when no_result fires while %s", (_, steps, why) => {
    const round = roundOne();
    let waiting = replay(round, answer(round, "accepted"));
    for (const status of steps) waiting = replay(waiting, run(waiting, status));

    const { state, effects } = reduce(waiting, timedOut(waiting, "no_result"));

    expect(only(effects, "Dispatch")).toMatchObject([{ round: 1, attempt: 2, delayMs: MINUTE }]);
    expect(fixOf(state)).toMatchObject({ failures: 1, phase: "retry_wait" });
    expect(state.reason).toMatch(why);
  });

  it("does nothing when no_result fires after the fixer pushed", () => {
    const pushed = fixerPushed();

    const transition = reduce(pushed, timedOut(pushed, "no_result"));

    expect(transition).toEqual({ state: pushed, effects: [] });
  });

  it("leaves a successful run its push grace when no_result fires meanwhile", () => {
    const round = roundOne();
    const succeeded = replay(round, answer(round, "accepted"), run(round, "completed", "success"));

    const transition = reduce(succeeded, timedOut(succeeded, "no_result"));

    expect(transition).toEqual({ state: succeeded, effects: [] });
  });

  it("ignores the timer of an older attempt", () => {
    const round = roundOne();
    const accepted = replay(round, answer(round, "accepted"));
    const retrying = replay(accepted, timedOut(accepted, "no_result"));

    const transition = reduce(retrying, timedOut(accepted, "no_result"));

    expect(transition).toEqual({ state: retrying, effects: [] });
  });

  it("ends the round without a change when the successful run never pushed, and goes on", () => {
    const round = roundOne();
    const succeeded = replay(round, answer(round, "accepted"), run(round, "completed", "success"));

    const { state, effects } = reduce(succeeded, timedOut(succeeded, "no_push"));

    expect(state).toMatchObject({ status: "awaiting_fix", round: 2, noProgressRounds: 1 });
    expect(only(effects, "Dispatch")).toMatchObject([{ round: 2, attempt: 1, headSha: "h1" }]);
    expect(state.reason).toMatch(/Round 1: the fixer's run succeeded without pushing a change/);
  });

  it("hands off for no progress when the run that never pushed was one stalled round too many", () => {
    const round: LoopState = { ...roundOne(), noProgressRounds: 1 };
    const succeeded = replay(round, answer(round, "accepted"), run(round, "completed", "success"));

    const { state, effects } = reduce(succeeded, timedOut(succeeded, "no_push"));

    expect(kinds(effects)).toEqual(["HandOff"]);
    expect(state).toMatchObject({ status: "handed_off", noProgressRounds: 2 });
    expect(state.handOff?.kind).toBe("no_progress");
  });

  it("does nothing when no_push fires after the fixer pushed", () => {
    const round = roundOne();
    const succeeded = replay(round, answer(round, "accepted"), run(round, "completed", "success"));
    const pushed = replay(succeeded, push(succeeded, "h2", fixerBot));

    const transition = reduce(pushed, timedOut(pushed, "no_push"));

    expect(transition).toEqual({ state: pushed, effects: [] });
  });
});

describe("loop/reduce a round with several attempts", () => {
  it("is counted once: every attempt carries the same round and findings", () => {
    let state = roundOne();
    const dispatches = [];
    const records = [];

    for (let failure = 0; failure < 2; failure++) {
      const moved = reduce(state, answer(state, "refused", { detail: "HTTP 500" }));
      dispatches.push(...only(moved.effects, "Dispatch"));
      records.push(...only(moved.effects, "RecordAttempt"));
      state = moved.state;
    }
    const accepted = reduce(state, answer(state, "accepted")).state;

    expect(accepted.round).toBe(1);
    expect(dispatches.map((effect) => [effect.round, effect.attempt])).toEqual([
      [1, 2],
      [1, 3],
    ]);
    expect(new Set(dispatches.map((effect) => effect.dispatchId)).size).toBe(2);
    expect(records.map((effect) => effect.fingerprints)).toEqual([
      ["f1", "f2"],
      ["f1", "f2"],
    ]);
    expect(accepted.reason).toMatch(/Round 1\/5, attempt 3\/3/);
  });
});
