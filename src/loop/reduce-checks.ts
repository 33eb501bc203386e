import {
  checksTimeoutMinutes,
  countedChecks,
  failingChecks,
  listNames,
  viewOf,
} from "./head-checks.ts";
import { considerRound, passedReason } from "./rounds.ts";
import { shortSha } from "./triggers.ts";
import type { ChecksObserved, ChecksWaitExpired, LoopState, Transition } from "./types.ts";

const unchanged = (state: LoopState): Transition => ({ state, effects: [] });

/**
 * The head's check runs were read after a check completed. Only the loop's head counts, and a
 * closed loop ignores it. The view is recorded whatever the status (a pass, `resume` or `fix`
 * later decide with it); it moves the loop only from two states:
 * - `awaiting_checks`: the round is reconsidered — dispatched once nothing is pending, still
 *   waiting (the reason names what runs) otherwise;
 * - `passed`: a failing check that counts starts a round (CI only), or waits for the rest.
 * Anywhere else (a pass running, a round in flight, idle, handed off, paused, stopped) nothing
 * else happens: a second round never starts while one is in flight.
 */
export function onChecksObserved(state: LoopState, event: ChecksObserved): Transition {
  if (state.status === "closed" || state.headSha !== event.headSha) return unchanged(state);
  const recorded: LoopState = { ...state, checks: viewOf(state, event.headSha, event) };
  switch (state.status) {
    case "awaiting_checks":
      return considerRound(recorded);
    case "passed":
      if (failingChecks(recorded).length > 0) return considerRound(recorded);
      // Checks that count are named in the reason while they run: it says when they are done.
      return unchanged(
        countedChecks(recorded) === null
          ? recorded
          : { ...recorded, reason: passedReason(recorded) },
      );
    default:
      return unchanged(recorded);
  }
}

/**
 * The wait for the head's checks timed out. The head's view remembers it (a later wait of the
 * same head does not wait again: its timer has fired). From `awaiting_checks` the round goes on
 * with what is known: checks still pending neither hold it nor count as failing.
 */
export function onChecksWaitExpired(state: LoopState, event: ChecksWaitExpired): Transition {
  const checks = state.checks ?? null;
  if (state.status === "closed" || state.headSha !== event.headSha) return unchanged(state);
  if (checks === null || checks.headSha !== event.headSha || checks.expired) {
    return unchanged(state);
  }
  const expired: LoopState = { ...state, checks: { ...checks, expired: true } };
  if (state.status !== "awaiting_checks") return unchanged(expired);
  const moved = considerRound(expired);
  const still =
    checks.pending.length === 0 ? "" : ` with ${listNames(checks.pending)} still running`;
  const why = `The wait for ${shortSha(event.headSha)}'s checks ended after ${checksTimeoutMinutes(state)} min${still}.`;
  return {
    ...moved,
    state: { ...moved.state, reason: `${why} ${moved.state.reason ?? ""}`.trim() },
  };
}
