import {
  considerRound,
  handOff,
  NO_PUSH_GRACE_MS,
  nextAttempt,
  retryDelayMs,
  roundLimit,
  sendAgain,
  stillReviewing,
} from "./rounds.ts";
import type {
  DispatchAnswered,
  DispatchAttemptFailed,
  DispatchTimedOut,
  Effect,
  FixerAnswered,
  FixerRunUpdated,
  LoopState,
  RoundInFlight,
  Transition,
} from "./types.ts";

const unchanged = (state: LoopState): Transition => ({ state, effects: [] });

/** The round in flight when `dispatchId` is its current attempt; anything else is stale. */
function current(state: LoopState, dispatchId: string): RoundInFlight | null {
  const fix = state.fix ?? null;
  return fix !== null && fix.dispatchId === dispatchId ? fix : null;
}

function withFix(state: LoopState, fix: RoundInFlight, reason?: string): LoopState {
  return { ...state, fix, ...(reason === undefined ? {} : { reason }) };
}

/** The `no_result` timer, scheduled once per attempt as soon as the fixer has it. */
function timerEffects(state: LoopState, fix: RoundInFlight): Effect[] {
  if (fix.timerSet || state.settings === undefined) return [];
  return [
    {
      kind: "ScheduleTimeout",
      dispatchId: fix.dispatchId,
      timer: "no_result",
      delayMs: state.settings.dispatchTimeoutMinutes * 60_000,
    },
  ];
}

function label(state: LoopState, fix: RoundInFlight): string {
  const limit = state.settings === undefined ? "?" : roundLimit(state, state.settings);
  const max = state.settings?.maxAttempts ?? "?";
  return `Round ${fix.round}/${limit}, attempt ${fix.attempt}/${max}`;
}

/**
 * An attempt failed (a failed run, a refused dispatch, no result in time): the next attempt after
 * a backoff, or the hand-off once `max_attempts` failed in a row.
 */
export function attemptFailed(state: LoopState, fix: RoundInFlight, summary: string): Transition {
  const settings = state.settings;
  if (settings === undefined) return unchanged(state);
  const failures = fix.failures + 1;
  if (failures >= settings.maxAttempts) {
    return handOff(
      { ...state, fix },
      "dispatch_failing",
      `the fixer failed ${failures} attempt${failures === 1 ? "" : "s"} in a row in round ${fix.round} (\`remediation.max_attempts: ${settings.maxAttempts}\`); last: ${summary}.`,
    );
  }
  const delay = retryDelayMs(failures);
  return nextAttempt(
    state,
    settings,
    fix,
    failures,
    delay,
    `${label(state, fix)} failed (${summary}); attempt ${fix.attempt + 1}/${settings.maxAttempts} in ${Math.round(delay / 60_000)} min.`,
  );
}

/** What the Dispatch job learnt from the target. */
export function onDispatchAnswered(state: LoopState, event: DispatchAnswered): Transition {
  const fix = current(state, event.dispatchId);
  if (fix === null) return unchanged(state);
  // Once the fixer's run was seen (or it pushed), the dispatch got through whatever a repeated
  // or late Dispatch job says: a refusal then would count a failure and dispatch again.
  if (fix.phase !== "dispatching" && fix.phase !== "held" && fix.phase !== "retry_wait") {
    return unchanged(state);
  }
  switch (event.result) {
    case "accepted": {
      const accepted: RoundInFlight = {
        ...fix,
        phase: "accepted",
        note: undefined,
        timerSet: true,
        ...(event.runId === undefined ? {} : { runId: event.runId }),
        ...(event.runUrl === undefined ? {} : { runUrl: event.runUrl }),
      };
      return {
        state: withFix(
          state,
          accepted,
          `${label(state, fix)}: the fixer accepted the dispatch${event.runUrl ? ` (${event.runUrl})` : ""}; waiting for its push.`,
        ),
        effects: timerEffects(state, fix),
      };
    }
    case "unknown": {
      // Whether GitHub got the dispatch is unknown, and dispatching again could start a second
      // paid run: wait for its run or push like an accepted dispatch. With neither in time the
      // attempt fails by the timer, and the next one looks for this one's run before sending.
      const minutes = state.settings?.dispatchTimeoutMinutes ?? 0;
      const unknown: RoundInFlight = {
        ...fix,
        phase: "accepted",
        note: undefined,
        timerSet: true,
      };
      return {
        state: withFix(
          state,
          unknown,
          `${label(state, fix)}: whether the dispatch reached the fixer is unknown (${event.detail ?? "its job died"}); waiting up to ${minutes} min for its run or push before the next attempt, which looks for this run first.`,
        ),
        effects: timerEffects(state, fix),
      };
    }
    case "refused":
      return attemptFailed(state, fix, `dispatch refused: ${event.detail ?? "no reason given"}`);
    case "held": {
      const seq = (state.dispatchSeq ?? 0) + 1;
      const held: RoundInFlight = { ...fix, seq, phase: "held", note: event.detail };
      return {
        state: {
          ...withFix(state, held, `${label(state, fix)} is held: ${event.detail ?? "a cap"}.`),
          dispatchSeq: seq,
        },
        effects: [sendAgain(fix, seq, event.retryInMs ?? 60_000)],
      };
    }
    case "unavailable":
      // Nothing was dispatched: the round is not counted, and nothing retries it on its own.
      return unchanged({
        ...state,
        status: stillReviewing(state, "idle"),
        fix: null,
        round: Math.max(0, fix.round - 1),
        reason: `No fixer dispatched: ${event.detail ?? "the target is unavailable"}.`,
      });
  }
}

/** A `workflow_run` event of the attempt's run. */
export function onFixerRunUpdated(state: LoopState, event: FixerRunUpdated): Transition {
  const fix = current(state, event.dispatchId);
  if (fix === null || fix.phase === "pushed" || fix.phase === "completed") return unchanged(state);
  const run = { runId: event.runId, runUrl: event.runUrl };
  if (event.status !== "completed") {
    const running: RoundInFlight = {
      ...fix,
      ...run,
      phase: "running",
      note: undefined,
      timerSet: true,
    };
    return {
      state: withFix(
        state,
        running,
        `${label(state, fix)}: the fixer is running (${event.runUrl}).`,
      ),
      effects: timerEffects(state, fix),
    };
  }
  if (event.conclusion === "success") {
    const done: RoundInFlight = { ...fix, ...run, phase: "completed", timerSet: true };
    return {
      state: withFix(
        state,
        done,
        `${label(state, fix)}: the fixer's run succeeded; waiting for its push.`,
      ),
      effects: [
        {
          kind: "ScheduleTimeout",
          dispatchId: fix.dispatchId,
          timer: "no_push",
          delayMs: NO_PUSH_GRACE_MS,
        },
      ],
    };
  }
  // Failed, cancelled, timed out: read its jobs and logs first, then count the failure.
  const failed: RoundInFlight = {
    ...fix,
    ...run,
    phase: "running",
    timerSet: true,
    note: `run ${event.conclusion ?? "failed"}; reading its logs`,
  };
  return {
    state: withFix(
      state,
      failed,
      `${label(state, fix)}: the fixer's run ended ${event.conclusion ?? "without a conclusion"}; reading its logs.`,
    ),
    effects: [
      {
        kind: "CollectDiagnostics",
        dispatchId: fix.dispatchId,
        runId: event.runId,
        conclusion: event.conclusion ?? "failure",
      },
    ],
  };
}

/** A failed attempt's diagnostics were kept. */
export function onAttemptFailed(state: LoopState, event: DispatchAttemptFailed): Transition {
  const fix = current(state, event.dispatchId);
  if (fix === null || fix.phase === "pushed") return unchanged(state);
  return attemptFailed(state, fix, event.summary);
}

/**
 * A timer fired. `no_result`: the attempt neither pushed nor finished in time (a failed attempt).
 * `no_push`: the run succeeded but no push came: the round ended without a change.
 */
export function onDispatchTimedOut(state: LoopState, event: DispatchTimedOut): Transition {
  const fix = current(state, event.dispatchId);
  if (fix === null) return unchanged(state);
  const minutes = state.settings?.dispatchTimeoutMinutes ?? 0;
  // Only `no_push` ends a run that succeeded: a `no_result` timer firing meanwhile would cut its
  // push's grace short.
  if (fix.phase === "completed" && event.timer === "no_push") {
    // The fixer finished without pushing: the round changed nothing.
    const next: LoopState = {
      ...state,
      fix: null,
      noProgressRounds: (state.noProgressRounds ?? 0) + 1,
    };
    const why = `Round ${fix.round}: the fixer's run succeeded without pushing a change.`;
    // Another's push is being reviewed (`continue`): that review decides the next round, on its head.
    if (state.status === "reviewing") return unchanged({ ...next, reason: why });
    const moved = considerRound(next);
    return {
      ...moved,
      state: { ...moved.state, reason: `${why} ${moved.state.reason ?? ""}`.trim() },
    };
  }
  if (event.timer !== "no_result") return unchanged(state);
  if (fix.phase !== "accepted" && fix.phase !== "running") return unchanged(state);
  const what =
    state.settings?.target === "webhook"
      ? `the fixer neither pushed nor answered within ${minutes} min`
      : fix.phase === "accepted"
        ? `no run started within ${minutes} min`
        : `the run did not finish within ${minutes} min`;
  return attemptFailed(state, fix, what);
}

/**
 * The fixer answered with its dispositions. A round whose run the loop follows ends with the run
 * (or the push); one it cannot follow (the webhook target reports no run) ends here as a run that
 * succeeded: its push is awaited briefly, then the round counts as one without a change.
 */
export function onFixerAnswered(state: LoopState, event: FixerAnswered): Transition {
  const fix = state.fix ?? null;
  if (fix === null || (fix.phase !== "accepted" && fix.phase !== "running"))
    return unchanged(state);
  if (fix.runId !== undefined) return unchanged(state);
  const login = event.actor.login.toLowerCase();
  if (!(state.settings?.fixerLogins.includes(login) ?? false)) return unchanged(state);
  const done: RoundInFlight = { ...fix, phase: "completed", timerSet: true };
  return {
    state: withFix(
      state,
      done,
      `${label(state, fix)}: the fixer answered (@${event.actor.login}); waiting for its push.`,
    ),
    effects: [
      {
        kind: "ScheduleTimeout",
        dispatchId: fix.dispatchId,
        timer: "no_push",
        delayMs: NO_PUSH_GRACE_MS,
      },
    ],
  };
}
