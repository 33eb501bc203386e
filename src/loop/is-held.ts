import type { LoopState } from "./types.ts";

/** Paused or stopped by a command: automatic triggers only remember the head. */
export function isHeld(state: LoopState): boolean {
  return state.status === "paused" || state.status === "stopped";
}
