import { type LoopState, MAX_PASSED_HEADS } from "./types.ts";

/** A view of the pull request's head: a webhook, a pass's read, a command's read. */
export interface HeadView {
  headSha: string;
  /** The pull request's `updated_at` in that view (ISO 8601, one-second resolution). */
  updatedAt?: string;
  /** For a push: the head it replaced. */
  before?: string;
}

/** -1, 0 or 1; 0 when either time is missing or unreadable (the caller then decides by shas). */
export function compareTimes(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return 0;
  const left = Date.parse(a);
  const right = Date.parse(b);
  if (Number.isNaN(left) || Number.isNaN(right)) return 0;
  return Math.sign(left - right);
}

/** The later of two times (either may be missing). */
export function newestTime(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareTimes(a, b) < 0 ? b : a;
}

/**
 * How a view's head relates to the loop's: the same head, an older one (a late delivery or a
 * stale read: it must never move the head back) or a newer one. A push straight on top of the
 * loop's head is newer whatever the clocks say; otherwise `updated_at` decides. On a tie (the
 * same second, or no time) a head the loop has moved past is older and any other head is newer:
 * delivery order decides, as it did before times were compared.
 */
export function judgeView(state: LoopState, view: HeadView): "same" | "older" | "newer" {
  if (state.headSha === null) return "newer";
  if (view.headSha === state.headSha) return "same";
  if (view.before !== undefined && view.before === state.headSha) return "newer";
  const age = compareTimes(view.updatedAt, state.updatedAt);
  if (age !== 0) return age < 0 ? "older" : "newer";
  return state.passedHeads?.includes(view.headSha) ? "older" : "newer";
}

/**
 * The loop with `view`'s head as its head: the old head (and the push's `before`) join the
 * heads it moved past, the newest time is kept, and the re-read count starts again.
 */
export function moveHead(state: LoopState, view: HeadView & { baseSha: string }): LoopState {
  const passed = [state.headSha, view.before, ...(state.passedHeads ?? [])].filter(
    (sha): sha is string => typeof sha === "string" && sha !== view.headSha,
  );
  return {
    ...state,
    headSha: view.headSha,
    baseSha: view.baseSha,
    updatedAt: newestTime(state.updatedAt, view.updatedAt),
    passedHeads: [...new Set(passed)].slice(0, MAX_PASSED_HEADS),
    rechecks: 0,
  };
}
