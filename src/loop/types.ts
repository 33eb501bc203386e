/**
 * The per-pull-request loop: its persisted state, the events that move it and the effects it
 * asks for. Pure data; the reducer in `reduce.ts` is the only place that decides.
 */

export type LoopStatus =
  | "idle"
  | "reviewing"
  | "passed"
  | "awaiting_fix"
  | "handed_off"
  | "paused"
  | "closed";

export interface LoopState {
  status: LoopStatus;
  /** The newest head sha seen for the pull request. */
  headSha: string | null;
  /** The head sha of the last review pass that was posted. */
  lastReviewedSha: string | null;
  /** Remediation rounds dispatched so far (0 before the first fix). */
  round: number;
}

export const INITIAL_LOOP_STATE: LoopState = {
  status: "idle",
  headSha: null,
  lastReviewedSha: null,
  round: 0,
};

export interface Actor {
  login: string;
  type: "User" | "Bot" | "Organization" | string;
}

/** A new head commit: the PR was opened, reopened or pushed to. */
export interface HeadUpdated {
  type: "HeadUpdated";
  action: "opened" | "synchronize" | "reopened";
  headSha: string;
  baseSha: string;
  baseRef: string;
  draft: boolean;
  actor: Actor;
}

/** The PR was closed (merged or not): the loop ends and queued work is dropped. */
export interface PullRequestClosed {
  type: "PullRequestClosed";
  merged: boolean;
  actor: Actor;
}

export type LoopEvent = HeadUpdated | PullRequestClosed;

/** Review the PR at `headSha`. A newer RunReview of the same PR replaces a queued older one. */
export interface RunReviewEffect {
  kind: "RunReview";
  headSha: string;
  baseSha: string;
  /** Why the pass runs (`opened`, `synchronize`, `reopened`, a command, …): logged and shown. */
  trigger: string;
}

/** Drop every queued job of this PR (the loop ended). Executed inside the spine's transaction. */
export interface CancelQueuedEffect {
  kind: "CancelQueued";
}

export type Effect = RunReviewEffect | CancelQueuedEffect;

export interface Transition {
  state: LoopState;
  effects: Effect[];
}
