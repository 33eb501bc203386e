import { isAutomaticTrigger, shortSha } from "../loop/triggers.ts";
import type { ReviewOutcome } from "../loop/types.ts";
import type { StoredLoop } from "../store/loop-repository.ts";

/**
 * Why the pass should not post, from the loop's state in the database: the loop closed, a newer
 * head is known, the loop was paused or stopped (by a command given while an automatic pass was
 * already running; a review asked for by hand still posts), or — for an automatic pass that
 * knows its `seq` — the loop asked for this head again since (that later pass runs instead) or a
 * review of this head was posted by another pass since it was asked for. Null when it may post.
 */
export function staleReason(
  loop: StoredLoop | null,
  headSha: string,
  trigger: string,
  seq?: number,
): { outcome: ReviewOutcome; reason: string; held?: boolean } | null {
  if (loop === null) return null;
  if (loop.state.status === "closed") return { outcome: "stopped", reason: "loop is closed" };
  if (loop.headSha !== null && loop.headSha !== headSha) {
    return { outcome: "superseded", reason: `newer head ${shortSha(loop.headSha)} is known` };
  }
  const automatic = isAutomaticTrigger(trigger);
  const held = loop.state.status === "paused" || loop.state.status === "stopped";
  if (held && automatic) {
    return { outcome: "stopped", reason: `loop is ${loop.state.status}`, held: true };
  }
  const awaited = loop.state.pass;
  if (seq === undefined || !automatic || !awaited) return null;
  if (awaited.seq > seq) {
    return { outcome: "superseded", reason: "a later review of this head is queued" };
  }
  if (awaited.seq === seq && awaited.satisfied) {
    return { outcome: "superseded", reason: "this head was reviewed by an earlier pass" };
  }
  return null;
}
