import { isAutomaticTrigger } from "./triggers.ts";
import type { LoopState, RunReviewEffect, Transition } from "./types.ts";

/**
 * Asks for a review pass: the effect gets the loop's next sequence number (so it is always its
 * own job, even while a pass of the same head runs) and the loop waits for that pass.
 */
export function requestReview(
  state: LoopState,
  effect: Omit<RunReviewEffect, "kind" | "seq">,
): Transition {
  const seq = (state.reviewSeq ?? 0) + 1;
  return {
    state: {
      ...state,
      reviewSeq: seq,
      pass: { seq, headSha: effect.headSha, automatic: isAutomaticTrigger(effect.trigger) },
    },
    effects: [{ kind: "RunReview", ...effect, seq }],
  };
}
