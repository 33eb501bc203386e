import type { ReviewOutcome } from "../loop/types.ts";
import type { StoredLoop } from "../store/loop-repository.ts";

/** Triggers nobody asked for by hand: a paused or stopped loop drops their passes. */
const AUTOMATIC_TRIGGERS = new Set(["opened", "synchronize", "reopened", "ready_for_review"]);

/**
 * Why the pass should not post, from the loop's state in the database: the loop closed, a newer
 * head is known, or the loop was paused or stopped (by a command given while an automatic pass
 * was already running; a review asked for by hand still posts). Null when it may post.
 */
export function staleReason(
  loop: StoredLoop | null,
  headSha: string,
  trigger: string,
): { outcome: ReviewOutcome; reason: string; held?: boolean } | null {
  if (loop === null) return null;
  if (loop.state.status === "closed") return { outcome: "stopped", reason: "loop is closed" };
  if (loop.headSha !== null && loop.headSha !== headSha) {
    return { outcome: "superseded", reason: `newer head ${loop.headSha.slice(0, 7)} is known` };
  }
  const held = loop.state.status === "paused" || loop.state.status === "stopped";
  if (held && AUTOMATIC_TRIGGERS.has(trigger)) {
    return { outcome: "stopped", reason: `loop is ${loop.state.status}`, held: true };
  }
  return null;
}
