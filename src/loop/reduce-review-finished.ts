import { failingChecks, judgeProgress, openWork, viewOf } from "./head-checks.ts";
import { isHeld } from "./is-held.ts";
import { compareTimes, judgeView, moveHead, newestTime } from "./judge-view.ts";
import { requestReview } from "./request-review.ts";
import { considerRound, passedReason, passLoop } from "./rounds.ts";
import { shortSha } from "./triggers.ts";
import type { ChecksView, LoopState, ReviewFinished, Transition } from "./types.ts";

/** Re-reads of GitHub after a stale view, and how long each waits (replica lag is seconds). */
export const RECHECK_DELAYS_MS = [5_000, 15_000, 45_000] as const;

const unchanged = (state: LoopState): Transition => ({ state, effects: [] });

/**
 * The head's checks after a posted pass of `event.headSha`: what the pass read at its end, or
 * (when it read nothing) what the loop knew of that head; another head's view is dropped.
 */
function checksAfter(state: LoopState, event: ReviewFinished): ChecksView | null {
  if (event.checks !== undefined) return viewOf(state, event.headSha, event.checks);
  const known = state.checks ?? null;
  return known?.headSha === event.headSha ? known : null;
}

/**
 * A posted review of the loop's head; it also records the head's checks as the pass read them.
 * Nothing blocking and no failing check: `passed` (the round, a hand-off and the label end).
 * Otherwise a review of the fixer's push ends its round, whose progress is judged against the
 * round's start once the head's checks are known (`judgeAgainst`), then the next round starts,
 * waits for the checks, or a stop rule hands off (`considerRound`).
 */
function settle(state: LoopState, event: ReviewFinished): Transition {
  const sha = shortSha(event.headSha);
  const base: LoopState = {
    ...state,
    rechecks: 0,
    blocking: event.blockingFingerprints ?? (event.blocking ? (state.blocking ?? []) : []),
    checks: checksAfter(state, event),
    ...(event.openFindings === undefined ? {} : { openFindings: event.openFindings }),
    ...(event.settings === undefined ? {} : { settings: event.settings }),
    ...(event.fork === undefined ? {} : { fork: event.fork }),
  };
  const fix = state.fix ?? null;
  if (!event.blocking && failingChecks(base).length === 0) {
    return passLoop(base, passedReason(base));
  }
  if (fix !== null && fix.phase !== "pushed") {
    // Someone else's push was reviewed (`on_human_push: continue`): the fixer is still at work.
    return unchanged({
      ...base,
      status: "awaiting_fix",
      reason: `Reviewed ${sha}: ${openWork(base)}; round ${fix.round} is still in flight.`,
    });
  }
  // The fixer's round is over; its progress counts what the head's checks say, once known.
  const next: LoopState =
    fix === null ? base : { ...base, fix: null, judgeAgainst: fix.startBlocking };
  if (next.handOff) {
    return unchanged({
      ...judgeProgress(next),
      status: "handed_off",
      reason: `Reviewed ${sha}: ${openWork(next)}; handed off: ${next.handOff.reason}`,
    });
  }
  return considerRound(next);
}

/** Leaves `reviewing` for `idle`, saying why. */
function giveUp(state: LoopState, reason: string): Transition {
  return { state: { ...state, status: "idle", reason }, effects: [] };
}

/**
 * GitHub's answer was older than what the loop knows (or explains nothing): read it again after
 * a short delay, a bounded number of times, then leave `reviewing` saying why.
 */
function recheck(state: LoopState, seen: string): Transition {
  const done = state.rechecks ?? 0;
  const head = state.headSha ?? "";
  const delay = RECHECK_DELAYS_MS[done];
  if (delay === undefined) {
    return giveUp(
      state,
      `GitHub kept showing ${seen} after ${RECHECK_DELAYS_MS.length} re-reads, so ${shortSha(head)} was not reviewed. Push, press Re-run on the check, or comment \`/reviewloop review\`.`,
    );
  }
  return requestReview(
    {
      ...state,
      rechecks: done + 1,
      reason: `GitHub still showed ${seen}; reading it again in ${delay / 1000} s (${done + 1}/${RECHECK_DELAYS_MS.length}).`,
    },
    {
      headSha: head,
      baseSha: state.baseSha ?? "",
      trigger: "recheck",
      delayMs: delay,
    },
  );
}

/**
 * The awaited pass of the loop's head ended without posting (`superseded` or `stopped`). What it
 * saw on GitHub decides: an older view (a stale read) is read again; a closed pull request
 * closes the loop; a newer head is reviewed; no view at all (gone) leaves `reviewing`.
 */
function onPassStopped(state: LoopState, event: ReviewFinished): Transition {
  const view = event.github;
  if (view === undefined) {
    return giveUp(state, `Not reviewed: ${event.detail ?? `the pass ${event.outcome}`}.`);
  }
  const age = judgeView(state, view);
  if (age === "older" || compareTimes(view.updatedAt, state.updatedAt) < 0) {
    return recheck(
      state,
      `the older head ${shortSha(view.headSha)}${view.state === "closed" ? " (closed)" : ""}`,
    );
  }
  if (view.state === "closed") {
    return {
      state: {
        ...state,
        status: "closed",
        pass: null,
        fix: null,
        reason: "GitHub says the pull request is closed.",
      },
      effects: [{ kind: "CancelQueued" }],
    };
  }
  if (age === "newer") {
    return requestReview(
      {
        ...moveHead(state, view),
        reason: `GitHub's head ${shortSha(view.headSha)} is newer than the last webhook: reviewing it.`,
      },
      { headSha: view.headSha, baseSha: view.baseSha, trigger: "github_head" },
    );
  }
  // GitHub shows this very head, open: nothing there explains the stop, so ask again (bounded).
  return recheck(
    state,
    `${shortSha(view.headSha)} open, yet the pass stopped (${event.detail ?? event.outcome})`,
  );
}

/**
 * A pass ended. A posted review becomes the base of the next incremental pass. The loop moves
 * only for the pass it waits for (`state.pass`): posted → `passed` or `idle`; skipped, config
 * error or failed → `idle` with the reason; superseded or stopped → see `onPassStopped`. A
 * review of the awaited head posted by an earlier pass (one running when a reopen or a draft
 * marked ready asked again) stands in for the awaited automatic pass, which then posts nothing.
 */
export function onReviewFinished(state: LoopState, event: ReviewFinished): Transition {
  const posted = event.outcome === "posted";
  const next: LoopState = posted ? { ...state, lastReviewedSha: event.headSha } : { ...state };
  const awaited = state.pass ?? null;
  const current = state.headSha === event.headSha;
  // Jobs queued before passes were numbered report no seq: the head alone identifies them.
  const isAwaited =
    event.seq === undefined ? current && state.status === "reviewing" : awaited?.seq === event.seq;
  if (!isAwaited) {
    if (!posted || !current || state.status === "closed" || isHeld(state)) return unchanged(next);
    if (awaited?.automatic && !awaited.satisfied && awaited.headSha === event.headSha) {
      const settled = settle(next, event);
      return { ...settled, state: { ...settled.state, pass: { ...awaited, satisfied: true } } };
    }
    // A pass nobody waits for (a dead job re-queued by hand) still says how the head stands.
    return awaited === null ? settle(next, event) : unchanged(next);
  }
  next.pass = null;
  if (event.github?.headSha === state.headSha) {
    next.updatedAt = newestTime(state.updatedAt, event.github.updatedAt);
  }
  if (awaited?.satisfied || !current || state.status !== "reviewing") return unchanged(next);
  const sha = shortSha(event.headSha);
  // The review of the fixer's push ended without a verdict: the round is over (not in flight).
  if (
    event.outcome !== "posted" &&
    next.fix?.phase === "pushed" &&
    event.outcome !== "superseded"
  ) {
    next.fix = null;
  }
  switch (event.outcome) {
    case "posted":
      return settle(next, event);
    case "skipped":
      return giveUp(
        next,
        `${sha} was not reviewed: ${event.detail ?? "filtered by the repository config"}.`,
      );
    case "config_error":
      return giveUp(
        next,
        `${sha} was not reviewed: .github/reviewloop.yml is invalid (see the check run).`,
      );
    case "failed":
      return giveUp(
        next,
        `The review of ${sha} failed (see the check run). Press Re-run, push, or comment \`/reviewloop review\`.`,
      );
    case "superseded":
    case "stopped":
      return onPassStopped(next, event);
  }
}
