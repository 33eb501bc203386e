import { judgeProgress } from "./head-checks.ts";
import { isHeld } from "./is-held.ts";
import { compareTimes, judgeView, moveHead, newestTime } from "./judge-view.ts";
import { onChecksObserved, onChecksWaitExpired } from "./reduce-checks.ts";
import { onCommand } from "./reduce-command.ts";
import {
  onAttemptFailed,
  onDispatchAnswered,
  onDispatchTimedOut,
  onFixerAnswered,
  onFixerRunUpdated,
} from "./reduce-dispatch.ts";
import { onPushDuringRound } from "./reduce-push.ts";
import { onReviewFinished } from "./reduce-review-finished.ts";
import { requestReview } from "./request-review.ts";
import { shortSha } from "./triggers.ts";
import type {
  HeadUpdated,
  LoopEvent,
  LoopState,
  PullRequestClosed,
  ReviewRequested,
  Transition,
} from "./types.ts";

const WHY: Record<HeadUpdated["action"], string> = {
  opened: "the pull request was opened",
  synchronize: "a push",
  reopened: "the pull request was reopened",
  ready_for_review: "the draft was marked ready for review",
};

export function reviewHead(state: LoopState, event: HeadUpdated, requestId?: string): Transition {
  return requestReview(
    {
      ...state,
      status: "reviewing",
      reason: `Reviewing ${shortSha(event.headSha)} after ${WHY[event.action]}.`,
    },
    {
      headSha: event.headSha,
      baseSha: event.baseSha,
      trigger: event.action,
      ...(requestId === undefined ? {} : { requestId }),
    },
  );
}

/**
 * A new head, or a pull request opened or reopened. A view older than one the loop applied (a
 * late delivery) changes nothing; a known head changes nothing either. Only `opened` and
 * `reopened` reopen a closed loop: a push delivered after the close is remembered, not reviewed.
 */
function onHeadUpdated(state: LoopState, event: HeadUpdated): Transition {
  if (event.action === "ready_for_review") return onReadyForReview(state, event);
  const age = judgeView(state, event);
  if (age === "older") return { state, effects: [] };
  const reopens = event.action === "opened" || event.action === "reopened";
  if (state.status === "closed") {
    // A reopen older than the close (delivered late) does not reopen anything.
    if (!reopens || compareTimes(event.updatedAt, state.updatedAt) < 0) {
      return { state: age === "same" ? state : moveHead(state, event), effects: [] };
    }
    return reviewHead({ ...moveHead(state, event), pass: null }, event);
  }
  if (age === "same") {
    return {
      state: { ...state, updatedAt: newestTime(state.updatedAt, event.updatedAt) },
      effects: [],
    };
  }
  // A round whose verdict waited for its head's checks is judged with what is known of them.
  const judged = judgeProgress(state);
  // Paused or stopped by a command: remember the head, review it on `resume`.
  if (isHeld(judged)) return { state: moveHead(judged, event), effects: [] };
  const fix = judged.fix ?? null;
  if (fix !== null && event.action === "synchronize") {
    return onPushDuringRound(moveHead(judged, event), event, fix, reviewHead);
  }
  return reviewHead(moveHead(judged, event), event);
}

/**
 * A draft marked ready: its head was usually seen (and skipped as a draft) already, so it is
 * asked for again — unless that head was reviewed (`drafts: true`). A draft pass still running
 * is not a second review: whichever posts first makes the other stand down (see
 * `onReviewFinished`).
 */
function onReadyForReview(state: LoopState, event: HeadUpdated): Transition {
  if (state.status === "closed") return { state, effects: [] };
  const age = judgeView(state, event);
  // Older than a head the loop knows: that head's pass reads the draft flag itself.
  if (age === "older") return { state, effects: [] };
  const next =
    age === "same"
      ? { ...state, updatedAt: newestTime(state.updatedAt, event.updatedAt) }
      : moveHead(judgeProgress(state), event);
  // Paused or stopped by a command: remember the head, review it on `resume`.
  if (isHeld(state) || state.lastReviewedSha === event.headSha) return { state: next, effects: [] };
  return reviewHead(next, event, "ready_for_review");
}

/** The loop ends and queued work is dropped, unless the close is older than a reopen applied. */
function onClosed(state: LoopState, event: PullRequestClosed): Transition {
  if (state.status === "closed") return { state, effects: [] };
  if (compareTimes(event.updatedAt, state.updatedAt) < 0) return { state, effects: [] };
  return {
    state: {
      ...state,
      status: "closed",
      pass: null,
      fix: null,
      updatedAt: newestTime(state.updatedAt, event.updatedAt),
      reason: event.merged ? "The pull request was merged." : "The pull request was closed.",
    },
    effects: [{ kind: "CancelQueued" }],
  };
}

/** A re-run is honoured only for the head the loop knows: never review an older sha again. */
function onReviewRequested(state: LoopState, event: ReviewRequested): Transition {
  if (state.status === "closed") return { state, effects: [] };
  if (state.headSha !== null && state.headSha !== event.headSha) return { state, effects: [] };
  // A person asked for this one pass: it runs, and a paused or stopped loop stays so.
  const held = isHeld(state);
  return requestReview(
    {
      ...state,
      status: held ? state.status : "reviewing",
      headSha: event.headSha,
      ...(held
        ? {}
        : { reason: `Reviewing ${shortSha(event.headSha)} again: Re-run was pressed.` }),
    },
    {
      headSha: event.headSha,
      baseSha: event.baseSha,
      trigger: event.reason,
      requestId: event.requestId,
    },
  );
}

/** One event applied to the state, before the invariants `reduce` keeps. */
function step(state: LoopState, event: LoopEvent): Transition {
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
    case "DispatchAnswered":
      return onDispatchAnswered(state, event);
    case "FixerRunUpdated":
      return onFixerRunUpdated(state, event);
    case "DispatchAttemptFailed":
      return onAttemptFailed(state, event);
    case "DispatchTimedOut":
      return onDispatchTimedOut(state, event);
    case "FixerAnswered":
      return onFixerAnswered(state, event);
    case "ChecksObserved":
      return onChecksObserved(state, event);
    case "ChecksWaitExpired":
      return onChecksWaitExpired(state, event);
  }
}

/**
 * A CancelQueued drops the head's queued checks timer with the rest of the pull request's jobs:
 * the loop forgets it set one, so its next wait for that head sets a new one (bounded again).
 */
function forgetCancelledTimer(transition: Transition): Transition {
  const checks = transition.state.checks ?? null;
  if (!checks?.waiting || !transition.effects.some((effect) => effect.kind === "CancelQueued")) {
    return transition;
  }
  const { waiting: _dropped, ...rest } = checks;
  return { ...transition, state: { ...transition.state, checks: rest } };
}

/** The loop's state machine: the current state and one event in, the next state and its effects out. */
export function reduce(state: LoopState, event: LoopEvent): Transition {
  return forgetCancelledTimer(step(state, event));
}
