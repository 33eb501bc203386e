import {
  awaitChecks,
  ciCounts,
  failingChecks,
  judgeProgress,
  listNames,
  mustWaitForChecks,
  openWork,
  pendingNote,
  roundSet,
} from "./head-checks.ts";
import { shortSha } from "./triggers.ts";
import type {
  DispatchEffect,
  Effect,
  HandOffKind,
  LoopSettings,
  LoopState,
  RoundInFlight,
  Transition,
} from "./types.ts";

/** Backoff before the next attempt of a round: 1, 2, 4, … minutes, at most 30. */
export function retryDelayMs(failures: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, failures - 1), 30 * 60_000);
}

/** How long a fixer run that succeeded may take to deliver its push before the round ends without one. */
export const NO_PUSH_GRACE_MS = 3 * 60_000;

/** Rounds this loop may dispatch: `max_rounds` plus what `resume` granted. */
export function roundLimit(state: LoopState, settings: LoopSettings): number {
  return settings.maxRounds + (state.extraRounds ?? 0);
}

/** An attempt's id within the loop; `publicDispatchId` adds the repository and pull request. */
export function attemptId(round: number, attempt: number, seq: number): string {
  return `r${round}.${attempt}.${seq}`;
}

/** Whether a dispatched workflow could push to this head at all (forks: no). */
export function forkBlocks(state: LoopState, settings: LoopSettings): boolean {
  return state.fork === true && settings.target !== "webhook";
}

export const FORK_REASON =
  "the head branch is in a fork: a dispatched workflow runs in this repository and cannot push to it, so no fixer is dispatched (fix by hand, or use the `webhook` target)";

/** The Dispatch effect of the attempt in `fix` again, as effect `seq` (a held or retried send). */
export function sendAgain(fix: RoundInFlight, seq: number, delayMs?: number): DispatchEffect {
  return {
    kind: "Dispatch",
    dispatchId: fix.dispatchId,
    seq,
    round: fix.round,
    attempt: fix.attempt,
    headSha: fix.headSha,
    ...(delayMs === undefined ? {} : { delayMs }),
  };
}

/** Queues an attempt of the round in `fix`: its intent is recorded in the same transaction. */
function attemptEffects(fix: RoundInFlight, settings: LoopSettings, delayMs?: number): Effect[] {
  return [
    {
      kind: "RecordAttempt",
      dispatchId: fix.dispatchId,
      round: fix.round,
      attempt: fix.attempt,
      headSha: fix.headSha,
      scope: fix.scope,
      fingerprints: fix.startBlocking,
      target: settings.target,
    },
    {
      kind: "Dispatch",
      dispatchId: fix.dispatchId,
      seq: fix.seq,
      round: fix.round,
      attempt: fix.attempt,
      headSha: fix.headSha,
      ...(delayMs === undefined ? {} : { delayMs }),
    },
  ];
}

/** What a round is for, in words: its findings and the failing checks it carries. */
function roundWhat(state: LoopState, scope: RoundInFlight["scope"]): string {
  const failing = failingChecks(state);
  const findings = scope === "all" ? "every open finding" : "the blocking findings";
  if (failing.length === 0) return findings;
  const checks = `${failing.length} failing check${failing.length === 1 ? "" : "s"} (${listNames(failing)})`;
  const noFindings =
    scope === "all" ? (state.openFindings ?? 0) === 0 : (state.blocking ?? []).length === 0;
  return noFindings ? checks : `${findings} and ${checks}`;
}

/**
 * Starts the next round for the loop's head: one dispatch, counted once. Its set (what its
 * progress is judged against) is the blocking fingerprints plus the failing checks that count.
 */
export function startRound(
  state: LoopState,
  settings: LoopSettings,
  scope: RoundInFlight["scope"],
): Transition {
  const round = state.round + 1;
  const seq = (state.dispatchSeq ?? 0) + 1;
  const headSha = state.headSha ?? "";
  const fix: RoundInFlight = {
    round,
    attempt: 1,
    dispatchId: attemptId(round, 1, seq),
    seq,
    headSha,
    phase: "dispatching",
    failures: 0,
    scope,
    startBlocking: roundSet(state),
  };
  const what = roundWhat(state, scope);
  return {
    state: {
      ...state,
      status: "awaiting_fix",
      round,
      dispatchSeq: seq,
      fix,
      handOff: null,
      reason: `Round ${round}/${roundLimit({ ...state, round }, settings)}: dispatching the fixer for ${what} of ${shortSha(headSha)}.`,
    },
    effects: attemptEffects(fix, settings),
  };
}

/** The next attempt of the round in flight (after a failure, or `retry`), after `delayMs`. */
export function nextAttempt(
  state: LoopState,
  settings: LoopSettings,
  fix: RoundInFlight,
  failures: number,
  delayMs: number | undefined,
  note: string,
): Transition {
  const seq = (state.dispatchSeq ?? 0) + 1;
  const attempt = fix.attempt + 1;
  const next: RoundInFlight = {
    round: fix.round,
    attempt,
    dispatchId: attemptId(fix.round, attempt, seq),
    seq,
    headSha: fix.headSha,
    phase: delayMs === undefined ? "dispatching" : "retry_wait",
    failures,
    scope: fix.scope,
    startBlocking: fix.startBlocking,
    note,
  };
  return {
    state: {
      ...state,
      status: stillReviewing(state, "awaiting_fix"),
      dispatchSeq: seq,
      fix: next,
      reason: note,
    },
    effects: attemptEffects(next, settings, delayMs),
  };
}

/**
 * `status` unless a pass is under way (another's push reviewed with `on_human_push: continue`):
 * that pass must still find the loop `reviewing`, or its review would be dropped.
 */
export function stillReviewing(state: LoopState, status: LoopState["status"]): LoopState["status"] {
  return state.status === "reviewing" && (state.pass ?? null) !== null ? "reviewing" : status;
}

/**
 * Hands the pull request to a human: one comment, the label, nothing more dispatched. Queued
 * jobs of the round need no cancelling (a Dispatch or timer of an attempt the loop moved past
 * does nothing), and a review under way (another's push, `on_human_push: continue`) still runs:
 * its verdict lands on the handed-off loop (`passed` removes the label).
 */
export function handOff(state: LoopState, kind: HandOffKind, reason: string): Transition {
  const seq = (state.handOffSeq ?? 0) + 1;
  const record = {
    kind,
    reason,
    round: state.round,
    attempt: state.fix?.attempt ?? 0,
    seq,
  };
  return {
    state: {
      ...state,
      status: stillReviewing(state, "handed_off"),
      fix: null,
      pausedFrom: undefined,
      handOff: record,
      handOffSeq: seq,
      labeled: true,
      reason: `Handed off to a human: ${reason}`,
    },
    effects: [{ kind: "HandOff", seq, handOff: record }],
  };
}

/**
 * The head's review has nothing blocking and no check fails: `passed`. The round, a hand-off and
 * the label end (the label is removed only when the loop had added it).
 */
export function passLoop(state: LoopState, reason: string): Transition {
  return {
    state: {
      ...state,
      status: "passed",
      fix: null,
      handOff: null,
      labeled: false,
      judgeAgainst: null,
      reason,
    },
    effects: state.labeled ? [{ kind: "Label", action: "remove", seq: state.handOffSeq ?? 0 }] : [],
  };
}

/** The reason of a passed loop: the head, the rounds it took, the checks still running. */
export function passedReason(state: LoopState): string {
  const rounds =
    state.round > 0 ? ` after ${state.round} round${state.round === 1 ? "" : "s"}` : "";
  return `Reviewed ${shortSha(state.headSha ?? "")}: nothing blocking${rounds}${pendingNote(state)}.`;
}

/**
 * The reviewed head and no round in flight: start the next round, wait for the head's checks,
 * or stop by the rules. Remediation off or a fork → `idle`, saying why. Nothing blocking and no
 * failing check → `passed`. Checks still pending (`wait_for_checks`) → `awaiting_checks`.
 * Otherwise the ended round's progress is judged (`judgeAgainst`), the stop rules apply (no
 * progress, the round limit), and the next round starts — one carrying only failing checks too.
 */
export function considerRound(state: LoopState): Transition {
  const settings = state.settings;
  const sha = shortSha(state.headSha ?? "");
  if (settings === undefined || !settings.enabled) {
    return {
      state: {
        ...judgeProgress(state),
        status: "idle",
        reason: `Reviewed ${sha}: blocking findings remain. Remediation is off (\`remediation.enabled\`); comment \`/reviewloop fix\` to dispatch the fixer once.`,
      },
      effects: [],
    };
  }
  if (forkBlocks(state, settings)) {
    return {
      state: {
        ...judgeProgress(state),
        status: "idle",
        reason: `Reviewed ${sha}: ${openWork(state)}; ${FORK_REASON}.`,
      },
      effects: [],
    };
  }
  // Nothing left: a failing check re-run green while the round waited, or a round without a push.
  if (roundSet(state).length === 0) return passLoop(state, passedReason(state));
  if (mustWaitForChecks(state)) return awaitChecks(state);
  const judged = judgeProgress(state);
  const stalled = judged.noProgressRounds ?? 0;
  if (judged.round > 0 && stalled >= settings.noProgressRounds) {
    const what = ciCounts(judged)
      ? "the open blocking findings and failing checks"
      : "the open blocking findings";
    return handOff(
      judged,
      "no_progress",
      `${what} did not shrink for ${stalled} round${stalled === 1 ? "" : "s"} in a row (\`remediation.no_progress_rounds: ${settings.noProgressRounds}\`).`,
    );
  }
  const limit = roundLimit(judged, settings);
  if (judged.round >= limit) {
    return handOff(
      judged,
      "max_rounds",
      `the automated loop reached its limit of ${limit} round${limit === 1 ? "" : "s"} and ${openWork(judged)}.`,
    );
  }
  return startRound(judged, settings, "blocking");
}
