import {
  countedChecks,
  failingChecks,
  judgeProgress,
  listNames,
  mustWaitForChecks,
  roundSet,
} from "./head-checks.ts";
import { isHeld } from "./is-held.ts";
import {
  FORK_REASON,
  forkBlocks,
  nextAttempt,
  roundLimit,
  sendAgain,
  startRound,
} from "./rounds.ts";
import { shortSha } from "./triggers.ts";
import type { CommandIssued, LoopState, Transition } from "./types.ts";

const PHASES: Record<string, string> = {
  dispatching: "being dispatched",
  held: "held by a cap",
  retry_wait: "waiting to retry",
  accepted: "dispatched, waiting for the fixer",
  running: "running",
  completed: "finished, waiting for its push",
  pushed: "pushed, being reviewed",
};

function refuse(state: LoopState, answer: string): Transition {
  return { state, effects: [], answer };
}

/**
 * `/reviewloop fix`: a round now, for every open finding of any severity, even with
 * `remediation.enabled: false` — within the same caps (one round in flight, the round limit,
 * forks) as the loop's own rounds. The reply says why when it cannot.
 */
export function onFixCommand(state: LoopState, event: CommandIssued): Transition {
  const settings = event.settings ?? state.settings;
  if (settings === undefined || state.lastReviewedSha === null) {
    return refuse(state, "No review has been posted yet; nothing to fix.");
  }
  const next: LoopState = {
    ...state,
    settings,
    ...(event.fork === undefined ? {} : { fork: event.fork }),
  };
  if (isHeld(state)) {
    return refuse(next, `The loop is ${state.status}: comment \`/reviewloop resume\` first.`);
  }
  const fix = state.fix ?? null;
  if (fix !== null) {
    return refuse(
      next,
      `Round ${fix.round} is already in flight (${PHASES[fix.phase] ?? fix.phase}).`,
    );
  }
  if (state.status === "reviewing" || state.lastReviewedSha !== state.headSha) {
    return refuse(
      next,
      `${shortSha(state.headSha ?? event.headSha)} is not reviewed yet; try again once its review is posted.`,
    );
  }
  const failing = failingChecks(next);
  if ((state.openFindings ?? 0) === 0 && failing.length === 0) {
    return refuse(next, `Nothing to fix: no finding is open on ${shortSha(state.headSha ?? "")}.`);
  }
  if (forkBlocks(next, settings)) return refuse(next, `Not dispatched: ${FORK_REASON}.`);
  const limit = roundLimit(next, settings);
  if (state.round >= limit) {
    return refuse(
      next,
      `The round limit is reached (${state.round}/${limit}); \`/reviewloop resume\` grants more rounds.`,
    );
  }
  // A person asked for a round now: checks still running are not waited for, and a round whose
  // verdict waited for them is judged with what is known.
  const pending = mustWaitForChecks(next) ? (countedChecks(next)?.pending ?? []) : [];
  const started = startRound(judgeProgress(next), settings, "all");
  return {
    ...started,
    answer: `Round ${started.state.round}/${limit}: dispatching the fixer for ${fixWhat(state.openFindings ?? 0, failing)}${pending.length === 0 ? "" : `, without waiting for the checks still running (${listNames(pending)}): the payload carries the failures known now`}.`,
  };
}

/** What a `fix` round sends, in words: the open findings and the failing checks. */
function fixWhat(open: number, failing: readonly string[]): string {
  const findings = `${open} open finding${open === 1 ? "" : "s"}`;
  if (failing.length === 0) return findings;
  const checks = `${failing.length} failing check${failing.length === 1 ? "" : "s"} (${listNames(failing)})`;
  return open === 0 ? checks : `${findings} and ${checks}`;
}

/**
 * `/reviewloop retry`: the failed round's next attempt now — one waiting on its backoff or held
 * by a cap, or the round a hand-off for failing dispatches ended (its failure count restarts).
 */
export function onRetryCommand(state: LoopState, event: CommandIssued): Transition {
  const settings = event.settings ?? state.settings;
  if (settings === undefined) return refuse(state, "Nothing to retry: no round was dispatched.");
  const next: LoopState = { ...state, settings };
  if (isHeld(state)) {
    return refuse(next, `The loop is ${state.status}: comment \`/reviewloop resume\` first.`);
  }
  const fix = state.fix ?? null;
  if (fix !== null && (fix.phase === "retry_wait" || fix.phase === "held")) {
    const seq = (state.dispatchSeq ?? 0) + 1;
    return {
      state: {
        ...next,
        dispatchSeq: seq,
        fix: { ...fix, seq, phase: "dispatching", note: undefined },
        reason: `Round ${fix.round}: attempt ${fix.attempt} dispatched now, asked for by @${event.actor.login}.`,
      },
      effects: [sendAgain(fix, seq)],
      answer: `Retrying round ${fix.round} now (attempt ${fix.attempt}/${settings.maxAttempts}).`,
    };
  }
  if (fix !== null) {
    return refuse(
      next,
      `Round ${fix.round} is ${PHASES[fix.phase] ?? fix.phase}; nothing failed to retry.`,
    );
  }
  const stopped = state.handOff ?? null;
  if (stopped?.kind !== "dispatch_failing") {
    return refuse(next, "Nothing to retry: no round failed to dispatch.");
  }
  if (forkBlocks(next, settings)) return refuse(next, `Not dispatched: ${FORK_REASON}.`);
  // The hand-off does not keep the round's scope. With remediation off, or nothing blocking and
  // no failing check, the round came from `/reviewloop fix`: a `blocking` retry would send the
  // fixer nothing to fix.
  const blocking = roundSet(next);
  const scope = settings.enabled && blocking.length > 0 ? "blocking" : "all";
  const resumed = nextAttempt(
    { ...next, handOff: null },
    settings,
    {
      round: stopped.round,
      attempt: stopped.attempt,
      dispatchId: "",
      seq: 0,
      headSha: state.headSha ?? event.headSha,
      phase: "dispatching",
      failures: 0,
      scope,
      startBlocking: blocking,
    },
    0,
    undefined,
    `Round ${stopped.round}: retried by @${event.actor.login} (attempt ${stopped.attempt + 1}).`,
  );
  return {
    ...resumed,
    answer: `Retrying round ${stopped.round} now (attempt ${stopped.attempt + 1}; failures counted from 0).`,
  };
}
