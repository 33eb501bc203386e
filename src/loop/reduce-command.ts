import { roundSet } from "./head-checks.ts";
import { isHeld } from "./is-held.ts";
import { judgeView, moveHead, newestTime } from "./judge-view.ts";
import { onFixCommand, onRetryCommand } from "./reduce-fix-command.ts";
import { requestReview } from "./request-review.ts";
import { considerRound } from "./rounds.ts";
import { shortSha } from "./triggers.ts";
import type { CommandIssued, LoopState, Transition } from "./types.ts";

/**
 * The loop with the newer of its head and the head the command read: a push applied between
 * the command's `GET /pulls/{n}` and this event is not undone by the command.
 */
function withNewestHead(state: LoopState, event: CommandIssued): LoopState {
  const view = { headSha: event.headSha, baseSha: event.baseSha, updatedAt: event.updatedAt };
  switch (judgeView(state, view)) {
    case "older":
      return state;
    case "same":
      return {
        ...state,
        baseSha: state.baseSha ?? event.baseSha,
        updatedAt: newestTime(state.updatedAt, event.updatedAt),
      };
    case "newer":
      return moveHead(state, view);
  }
}

/**
 * A comment command. `review` / `full-review` review the newest head now (also while paused or
 * stopped: the person asked for this one pass, the status stays). `pause` and `stop` drop queued
 * work; `resume` restores the loop, granting rounds after a hand-off or stop, and reviews a head
 * that arrived meanwhile. A closed pull request ignores every command.
 */
export function onCommand(state: LoopState, event: CommandIssued): Transition {
  if (state.status === "closed") return { state, effects: [] };
  switch (event.command) {
    case "review":
    case "full-review": {
      const held = isHeld(state);
      const next = withNewestHead(state, event);
      const head = next.headSha ?? event.headSha;
      return requestReview(
        {
          ...next,
          status: held ? state.status : "reviewing",
          ...(held
            ? {}
            : { reason: `Reviewing ${shortSha(head)}: asked for by @${event.actor.login}.` }),
        },
        {
          headSha: head,
          baseSha: next.baseSha ?? event.baseSha,
          trigger: event.command,
          requestId: event.requestId,
          ...(event.command === "full-review" ? { mode: "full" as const } : {}),
        },
      );
    }
    case "pause":
      if (isHeld(state)) return { state, effects: [] };
      return {
        state: {
          ...state,
          status: "paused",
          pausedFrom: state.status,
          pass: null,
          fix: null,
          reason: `Paused by @${event.actor.login}.`,
        },
        effects: [{ kind: "CancelQueued" }],
      };
    case "stop":
      if (state.status === "stopped") return { state, effects: [] };
      return {
        state: {
          ...state,
          status: "stopped",
          pausedFrom: undefined,
          pass: null,
          fix: null,
          reason: `Stopped by @${event.actor.login}.`,
        },
        effects: [{ kind: "CancelQueued" }],
      };
    case "resume":
      return onResume(state, event);
    case "fix":
      return onFixCommand(state, event);
    case "retry":
      return onRetryCommand(state, event);
  }
}

function onResume(state: LoopState, event: CommandIssued): Transition {
  const restarts = state.status === "handed_off" || state.status === "stopped";
  if (!restarts && state.status !== "paused") return { state, effects: [] };
  const next: LoopState = { ...withNewestHead(state, event), pausedFrom: undefined, handOff: null };
  if (restarts) {
    next.extraRounds = (state.extraRounds ?? 0) + (event.resumeRounds ?? 0);
    // The count restarts: a round whose verdict was still pending is not held against it.
    next.noProgressRounds = 0;
    next.judgeAgainst = null;
  }
  const head = next.headSha ?? event.headSha;
  if (head !== state.lastReviewedSha) {
    next.status = "reviewing";
    next.reason = `Resumed by @${event.actor.login}: reviewing ${shortSha(head)}.`;
    return requestReview(next, {
      headSha: head,
      baseSha: next.baseSha ?? event.baseSha,
      trigger: "resume",
      requestId: event.requestId,
    });
  }
  const resumed = `Resumed by @${event.actor.login}`;
  // Blocking findings or failing checks remain on the reviewed head: the loop goes on with its
  // next round (or waits for the head's checks first).
  if (roundSet(next).length > 0 && state.lastReviewedSha === head && next.settings?.enabled) {
    const moved = considerRound(next);
    return {
      ...moved,
      state: { ...moved.state, reason: `${resumed}. ${moved.state.reason ?? ""}`.trim() },
    };
  }
  // A pass that was running when `pause` came in has finished since: nothing to resume into.
  const before = state.pausedFrom;
  // A round dropped by the pause is not in flight any more: `idle`, and the reason says so.
  next.status = before === "passed" ? "passed" : "idle";
  next.reason = `Resumed by @${event.actor.login}; ${shortSha(head)} was reviewed already.`;
  return { state: next, effects: [] };
}
