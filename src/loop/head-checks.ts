/**
 * What the loop makes of its head's CI checks (issue 10, "CI failures as rounds"): when they
 * count, what a round is made of, when a round waits for them, and how a round's progress is
 * judged once they are known. Pure; see docs/remediation.md, "CI failures as rounds".
 */
import { shortSha } from "./triggers.ts";
import type { ChecksSeen, ChecksView, LoopState, Transition } from "./types.ts";

/** `engines.checks.timeout_minutes`' default: how long a round waits for pending checks. */
export const DEFAULT_CHECKS_TIMEOUT_MINUTES = 20;

/** Names listed in a reason before the rest are counted. */
const MAX_NAMED = 5;

/** The fingerprint a failing check adds to a round's set (`check:<name>`). */
export function checkFingerprint(name: string): string {
  return `check:${name}`;
}

/** Whether failing checks take part in the loop's rounds: remediation on, with `on_ci_failure`. */
export function ciCounts(state: LoopState): boolean {
  return state.settings?.enabled === true && state.settings.onCiFailure === true;
}

/**
 * The head's checks when they count: CI takes part in rounds and the view is of the loop's
 * head. Null when the head's checks were never observed (no CI known: nothing waits for it).
 */
export function countedChecks(state: LoopState): ChecksView | null {
  const checks = state.checks ?? null;
  if (!ciCounts(state) || checks === null || checks.headSha !== state.headSha) return null;
  return checks;
}

/** The head's failing checks that count (empty when CI does not take part). */
export function failingChecks(state: LoopState): string[] {
  return countedChecks(state)?.failing ?? [];
}

/**
 * What the next round is for, and what progress is counted on: the blocking fingerprints plus
 * `check:<name>` for each failing check that counts.
 */
export function roundSet(state: LoopState): string[] {
  return [...new Set([...(state.blocking ?? []), ...failingChecks(state).map(checkFingerprint)])];
}

function sortedUnique(names: readonly string[]): string[] {
  return [...new Set(names)].sort();
}

/**
 * The view of `headSha`'s checks after a read (`seen`): names sorted and unique. The wait's
 * timer and its expiry belong to the head, so they carry over from an earlier view of it.
 */
export function viewOf(state: LoopState, headSha: string, seen: ChecksSeen): ChecksView {
  const prior = state.checks?.headSha === headSha ? state.checks : null;
  return {
    headSha,
    pending: sortedUnique(seen.pending),
    failing: sortedUnique(seen.failing),
    ...(prior?.waiting ? { waiting: true } : {}),
    ...(prior?.expired ? { expired: true } : {}),
  };
}

/** Names as a reason lists them: the first few, then how many more. */
export function listNames(names: readonly string[]): string {
  const shown = names.slice(0, MAX_NAMED).join(", ");
  const more = names.length - MAX_NAMED;
  return more > 0 ? `${shown} and ${more} more` : shown;
}

function checksPhrase(names: readonly string[], verb: "fails" | "running"): string {
  const one = names.length === 1;
  const what = `${names.length} check${one ? "" : "s"}`;
  const does =
    verb === "fails" ? (one ? "fails" : "fail") : one ? "is still running" : "are still running";
  return `${what} ${does} (${listNames(names)})`;
}

/**
 * What still stands in the way, in words: "blocking findings remain", "… and 2 checks fail
 * (lint, test)", or "2 checks fail (lint, test)".
 */
export function openWork(state: LoopState): string {
  const failing = failingChecks(state);
  const blocking = (state.blocking ?? []).length > 0;
  if (failing.length === 0) return "blocking findings remain";
  const checks = checksPhrase(failing, "fails");
  return blocking ? `blocking findings remain and ${checks}` : checks;
}

/** "; 2 checks are still running (a, b)" when the head's counted checks are pending, else "". */
export function pendingNote(state: LoopState): string {
  const pending = countedChecks(state)?.pending ?? [];
  return pending.length === 0 ? "" : `; ${checksPhrase(pending, "running")}`;
}

/** The bound of a wait for checks, in minutes. */
export function checksTimeoutMinutes(state: LoopState): number {
  return state.settings?.checksTimeoutMinutes ?? DEFAULT_CHECKS_TIMEOUT_MINUTES;
}

/**
 * A round is due but must wait for the head's checks: CI counts, `wait_for_checks` is on (the
 * default), some of the head's checks are pending, and the wait did not time out.
 */
export function mustWaitForChecks(state: LoopState): boolean {
  const checks = countedChecks(state);
  return (
    checks !== null &&
    state.settings?.waitForChecks !== false &&
    checks.pending.length > 0 &&
    checks.expired !== true
  );
}

/**
 * `awaiting_checks`: the round is dispatched once the head's checks complete (with their
 * failures) or the wait times out. The first wait for a head sets its timer; later ones (an
 * observation with checks still running, a review of the same head again) reuse it.
 */
export function awaitChecks(state: LoopState): Transition {
  const checks = countedChecks(state);
  if (checks === null) return { state, effects: [] };
  const minutes = checksTimeoutMinutes(state);
  const headSha = checks.headSha;
  return {
    state: {
      ...state,
      status: "awaiting_checks",
      checks: { ...checks, waiting: true },
      reason: `Reviewed ${shortSha(headSha)}: ${openWork(state)}. Waiting for the head's checks before the next round: ${checksPhrase(checks.pending, "running")}; the wait ends ${minutes} min after it began (\`engines.checks.timeout_minutes\`).`,
    },
    effects: checks.waiting
      ? []
      : [{ kind: "ScheduleChecksWait", headSha, delayMs: minutes * 60_000 }],
  };
}

/**
 * Judges the progress of a round whose verdict waited for its head's checks (`judgeAgainst`):
 * a smaller set than the round started from is progress (the count restarts), anything else
 * counts one more round without progress. Nothing to judge leaves the loop as it is.
 */
export function judgeProgress(state: LoopState): LoopState {
  const against = state.judgeAgainst ?? null;
  if (against === null) return state;
  const shrank = roundSet(state).length < against.length;
  return {
    ...state,
    judgeAgainst: null,
    noProgressRounds: shrank ? 0 : (state.noProgressRounds ?? 0) + 1,
  };
}
