import type { HeadUpdated, LoopEvent, LoopState, PullRequestClosed, Transition } from "./types.ts";

function onHeadUpdated(state: LoopState, event: HeadUpdated): Transition {
  // A redelivered or re-sent head we already know changes nothing.
  if (state.headSha === event.headSha && state.status !== "closed") {
    return { state, effects: [] };
  }
  return {
    state: { ...state, status: "reviewing", headSha: event.headSha },
    effects: [
      { kind: "RunReview", headSha: event.headSha, baseSha: event.baseSha, trigger: event.action },
    ],
  };
}

function onClosed(state: LoopState, _event: PullRequestClosed): Transition {
  if (state.status === "closed") return { state, effects: [] };
  return { state: { ...state, status: "closed" }, effects: [{ kind: "CancelQueued" }] };
}

/** The loop's state machine: the current state and one event in, the next state and its effects out. */
export function reduce(state: LoopState, event: LoopEvent): Transition {
  switch (event.type) {
    case "HeadUpdated":
      return onHeadUpdated(state, event);
    case "PullRequestClosed":
      return onClosed(state, event);
  }
}
