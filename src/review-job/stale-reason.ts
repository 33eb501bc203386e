import type { ReviewOutcome } from "../loop/types.ts";
import type { StoredLoop } from "../store/loop-repository.ts";

/** A newer head or a closed loop in the database makes the pass pointless before it starts. */
export function staleReason(
  loop: StoredLoop | null,
  headSha: string,
): { outcome: ReviewOutcome; reason: string } | null {
  if (loop === null) return null;
  if (loop.state.status === "closed") return { outcome: "stopped", reason: "loop is closed" };
  if (loop.headSha !== null && loop.headSha !== headSha) {
    return { outcome: "superseded", reason: `newer head ${loop.headSha.slice(0, 7)} is known` };
  }
  return null;
}
