import { shortSha } from "./triggers.ts";
import type { HeadUpdated, LoopState, RoundInFlight, Transition } from "./types.ts";

/** The fixer's push (a login in `fixer.logins`, or the app itself) rather than a person's. */
export function isFixerPush(state: LoopState, event: HeadUpdated): boolean {
  if (event.byApp) return true;
  const login = event.actor.login.toLowerCase();
  return state.settings?.fixerLogins.includes(login) ?? false;
}

/**
 * A push while a round is in flight (`state` already carries the new head). The fixer's push
 * ends the round's wait: its head is reviewed and that review closes the round. Anyone else's
 * push pauses the loop (`on_human_push: pause`, the default) or is reviewed while the round
 * stays in flight (`continue`).
 */
export function onPushDuringRound(
  state: LoopState,
  event: HeadUpdated,
  fix: RoundInFlight,
  reviewHead: (state: LoopState, event: HeadUpdated) => Transition,
): Transition {
  const sha = shortSha(event.headSha);
  if (isFixerPush(state, event)) {
    const reviewing = reviewHead({ ...state, fix: { ...fix, phase: "pushed" } }, event);
    return {
      ...reviewing,
      state: {
        ...reviewing.state,
        reason: `Round ${fix.round}: the fixer pushed ${sha}; reviewing it.`,
      },
    };
  }
  if (state.settings?.onHumanPush === "continue") {
    const reviewing = reviewHead(state, event);
    return {
      ...reviewing,
      state: {
        ...reviewing.state,
        reason: `@${event.actor.login} pushed ${sha} while round ${fix.round} was in flight; reviewing it (\`remediation.on_human_push: continue\`).`,
      },
    };
  }
  return {
    state: {
      ...state,
      status: "paused",
      pausedFrom: "awaiting_fix",
      fix: null,
      pass: null,
      reason: `@${event.actor.login} pushed ${sha} while round ${fix.round} was in flight: paused (\`remediation.on_human_push: pause\`). Comment \`/reviewloop resume\` to review it and go on.`,
    },
    effects: [{ kind: "CancelQueued" }],
  };
}
