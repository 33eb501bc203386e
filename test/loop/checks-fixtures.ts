/**
 * Builders for the CI tables: settings with `on_ci_failure`, a posted review that read the head's
 * checks, and the observations and timer that follow.
 */
import { reduce } from "../../src/loop/reduce.ts";
import type {
  ChecksObserved,
  ChecksSeen,
  ChecksWaitExpired,
  Effect,
  LoopSettings,
  LoopState,
  ReviewFinished,
} from "../../src/loop/types.ts";
import {
  answer,
  fixerBot,
  posted,
  push,
  replay,
  reviewingH1,
  settings,
} from "./remediation-fixtures.ts";

/** Remediation on with the CI keys' defaults: failing checks count, rounds wait (20 min). */
export function ciSettings(extra: Partial<LoopSettings> = {}): LoopSettings {
  return settings({ onCiFailure: true, waitForChecks: true, checksTimeoutMinutes: 20, ...extra });
}

export function seen(pending: string[], failing: string[] = []): ChecksSeen {
  return { pending, failing };
}

/** The awaited pass posted: `blocking` open, and the head's checks as the pass read them. */
export function postedWith(
  state: LoopState,
  blocking: string[],
  checks: ChecksSeen,
  extra: Partial<ReviewFinished> = {},
): ReviewFinished {
  return posted(state, blocking, { checks, ...extra });
}

/** The head's check runs as an ObserveChecks job read them (the loop's head unless told). */
export function observed(
  state: LoopState,
  pending: string[],
  failing: string[] = [],
  headSha = state.headSha ?? "h1",
): ChecksObserved {
  return { type: "ChecksObserved", headSha, pending, failing };
}

export function waitExpired(state: LoopState, headSha = state.headSha ?? "h1"): ChecksWaitExpired {
  return { type: "ChecksWaitExpired", headSha };
}

/** Reviewing `h1` with CI on; its review leaves `blocking` and reads `checks`. */
export function reviewedH1(
  blocking: string[],
  checks: ChecksSeen,
  loop: LoopSettings = ciSettings(),
): { state: LoopState; effects: Effect[] } {
  const reviewing = reviewingH1(loop);
  return reduce(reviewing, postedWith(reviewing, blocking, checks));
}

/** Round 1 in flight for `h1` (`f1` blocks, `lint` fails), its fixer pushed `h2`: reviewing it. */
export function fixerPushedH2(loop: LoopSettings = ciSettings()): LoopState {
  const round = reviewedH1(["f1"], seen([], ["lint"]), loop).state;
  const accepted = replay(round, answer(round, "accepted"));
  return replay(accepted, push(accepted, "h2", fixerBot));
}

/** Every effect of the events applied in turn, with the final state. */
export function run(from: LoopState, ...events: Parameters<typeof reduce>[1][]) {
  let state = from;
  const effects: Effect[] = [];
  for (const event of events) {
    const next = reduce(state, event);
    state = next.state;
    effects.push(...next.effects);
  }
  return { state, effects };
}
