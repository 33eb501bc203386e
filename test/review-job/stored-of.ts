import type { PassPlan } from "../../src/review-job/plan-pass.ts";
import type { StoredFinding } from "../../src/store/finding-repository.ts";

/** The findings of a plan as the store keeps them after the pass (open, with a thread each). */
export function storedOf(plan: Pick<PassPlan, "result">): StoredFinding[] {
  return plan.result.placed.map(({ id, fingerprint, placement: _p, ...finding }, i) => ({
    id,
    fingerprint,
    status: "open",
    finding,
    disposition: null,
    commentId: 100 + i,
    commentUrl: `https://github.com/c/${i}`,
    threadResolved: false,
  }));
}
