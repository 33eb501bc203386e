import type {
  CommandIssued,
  HeadUpdated,
  LoopEvent,
  LoopState,
  PullRequestClosed,
  ReviewFinished,
  ReviewRequested,
  Transition,
} from "./types.ts";

/** Paused or stopped by a command: automatic triggers only remember the head. */
function isHeld(state: LoopState): boolean {
  return state.status === "paused" || state.status === "stopped";
}

function onHeadUpdated(state: LoopState, event: HeadUpdated): Transition {
  if (event.action === "ready_for_review") return onReadyForReview(state, event);
  // A redelivered or re-sent head we already know changes nothing.
  if (state.headSha === event.headSha && state.status !== "closed") {
    return { state, effects: [] };
  }
  // Paused or stopped by a command: remember the head, review it on `resume`.
  if (isHeld(state)) {
    return { state: { ...state, headSha: event.headSha }, effects: [] };
  }
  return {
    state: { ...state, status: "reviewing", headSha: event.headSha },
    effects: [
      { kind: "RunReview", headSha: event.headSha, baseSha: event.baseSha, trigger: event.action },
    ],
  };
}

/**
 * A draft marked ready: its head was usually seen (and skipped as a draft) already, so the
 * review is asked for with its own request id — unless that head was reviewed (`drafts: true`).
 */
function onReadyForReview(state: LoopState, event: HeadUpdated): Transition {
  if (state.status === "closed") return { state, effects: [] };
  // Paused or stopped by a command: remember the head, review it on `resume`.
  if (isHeld(state) || state.lastReviewedSha === event.headSha) {
    return { state: { ...state, headSha: event.headSha }, effects: [] };
  }
  return {
    state: { ...state, status: "reviewing", headSha: event.headSha },
    effects: [
      {
        kind: "RunReview",
        headSha: event.headSha,
        baseSha: event.baseSha,
        trigger: event.action,
        requestId: "ready_for_review",
      },
    ],
  };
}

function onClosed(state: LoopState, _event: PullRequestClosed): Transition {
  if (state.status === "closed") return { state, effects: [] };
  return { state: { ...state, status: "closed" }, effects: [{ kind: "CancelQueued" }] };
}

/** A re-run is honoured only for the head the loop knows: never review an older sha again. */
function onReviewRequested(state: LoopState, event: ReviewRequested): Transition {
  if (state.status === "closed") return { state, effects: [] };
  if (state.headSha !== null && state.headSha !== event.headSha) return { state, effects: [] };
  // A person asked for this one pass: it runs, and a paused or stopped loop stays so.
  return {
    state: { ...state, status: isHeld(state) ? state.status : "reviewing", headSha: event.headSha },
    effects: [
      {
        kind: "RunReview",
        headSha: event.headSha,
        baseSha: event.baseSha,
        trigger: event.reason,
        requestId: event.requestId,
      },
    ],
  };
}

/**
 * A pass ended. A posted review becomes the base of the next incremental pass. The status moves
 * only when the pass was for the current head: `passed` when nothing blocks, else `idle` (the
 * remediation rounds of a later issue take over from there).
 */
function onReviewFinished(state: LoopState, event: ReviewFinished): Transition {
  const posted = event.outcome === "posted";
  const next: LoopState = posted ? { ...state, lastReviewedSha: event.headSha } : { ...state };
  const current = state.headSha === event.headSha && state.status === "reviewing";
  if (current) {
    if (posted) next.status = event.blocking ? "idle" : "passed";
    else if (["skipped", "config_error", "failed"].includes(event.outcome)) next.status = "idle";
  }
  return { state: next, effects: [] };
}

/**
 * A comment command. `review` / `full-review` review the head now (also while paused or
 * stopped: the person asked for this one pass, the status stays). `pause` and `stop` drop queued
 * work; `resume` restores the loop, granting rounds after a hand-off or stop, and reviews a head
 * that arrived meanwhile. A closed pull request ignores every command.
 */
function onCommand(state: LoopState, event: CommandIssued): Transition {
  if (state.status === "closed") return { state, effects: [] };
  switch (event.command) {
    case "review":
    case "full-review": {
      const held = isHeld(state);
      return {
        state: { ...state, headSha: event.headSha, status: held ? state.status : "reviewing" },
        effects: [
          {
            kind: "RunReview",
            headSha: event.headSha,
            baseSha: event.baseSha,
            trigger: event.command,
            requestId: event.requestId,
            ...(event.command === "full-review" ? { mode: "full" as const } : {}),
          },
        ],
      };
    }
    case "pause":
      if (isHeld(state)) return { state, effects: [] };
      return {
        state: { ...state, status: "paused", pausedFrom: state.status },
        effects: [{ kind: "CancelQueued" }],
      };
    case "stop":
      if (state.status === "stopped") return { state, effects: [] };
      return {
        state: { ...state, status: "stopped", pausedFrom: undefined },
        effects: [{ kind: "CancelQueued" }],
      };
    case "resume":
      return onResume(state, event);
  }
}

function onResume(state: LoopState, event: CommandIssued): Transition {
  const restarts = state.status === "handed_off" || state.status === "stopped";
  if (!restarts && state.status !== "paused") return { state, effects: [] };
  const next: LoopState = { ...state, headSha: event.headSha, pausedFrom: undefined };
  if (restarts) {
    next.extraRounds = (state.extraRounds ?? 0) + (event.resumeRounds ?? 0);
    next.noProgressRounds = 0;
  }
  if (event.headSha !== state.lastReviewedSha) {
    next.status = "reviewing";
    return {
      state: next,
      effects: [
        {
          kind: "RunReview",
          headSha: event.headSha,
          baseSha: event.baseSha,
          trigger: "resume",
          requestId: event.requestId,
        },
      ],
    };
  }
  // A pass that was running when `pause` came in has finished since: nothing to resume into.
  const before = state.pausedFrom;
  next.status = before === "passed" || before === "awaiting_fix" ? before : "idle";
  return { state: next, effects: [] };
}

/** The loop's state machine: the current state and one event in, the next state and its effects out. */
export function reduce(state: LoopState, event: LoopEvent): Transition {
  switch (event.type) {
    case "HeadUpdated":
      return onHeadUpdated(state, event);
    case "PullRequestClosed":
      return onClosed(state, event);
    case "ReviewRequested":
      return onReviewRequested(state, event);
    case "ReviewFinished":
      return onReviewFinished(state, event);
    case "CommandIssued":
      return onCommand(state, event);
  }
}
