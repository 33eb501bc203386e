/**
 * The per-pull-request loop: its persisted state, the events that move it and the effects it
 * asks for. Pure data; the reducer in `reduce.ts` is the only place that decides.
 */

import type {
  ChecksObserved,
  ChecksSeen,
  ChecksView,
  ChecksWaitExpired,
  ScheduleChecksWaitEffect,
} from "./checks-types.ts";
import type {
  CollectDiagnosticsEffect,
  DispatchAnswered,
  DispatchAttemptFailed,
  DispatchEffect,
  DispatchTimedOut,
  FixerAnswered,
  FixerRunUpdated,
  HandOffEffect,
  HandOffRecord,
  LabelEffect,
  LoopSettings,
  RecordAttemptEffect,
  RoundInFlight,
  ScheduleTimeoutEffect,
} from "./remediation-types.ts";

export type * from "./checks-types.ts";
export type * from "./remediation-types.ts";

export type LoopStatus =
  | "idle"
  | "reviewing"
  | "passed"
  | "awaiting_fix"
  /**
   * A round is due, but the head's checks are still running (`remediation.wait_for_checks`): it
   * is dispatched once they complete (with their failures) or the wait times out.
   */
  | "awaiting_checks"
  | "handed_off"
  | "paused"
  /** Ended by `/reviewloop stop`: no reviews or dispatches until `resume`. */
  | "stopped"
  | "closed";

export interface LoopState {
  status: LoopStatus;
  /** The newest head sha seen for the pull request. */
  headSha: string | null;
  /** The head sha of the last review pass that was posted (the base of an incremental pass). */
  lastReviewedSha: string | null;
  /** Remediation rounds dispatched so far (0 before the first fix). */
  round: number;
  /** Rounds granted on top of `remediation.max_rounds` by `resume` after a hand-off or stop. */
  extraRounds?: number;
  /** Rounds in a row without progress (remediation counts them; `resume` resets them). */
  noProgressRounds?: number;
  /** The status `pause` interrupted, restored by `resume`. */
  pausedFrom?: LoopStatus;
  /**
   * The newest `updated_at` of the pull request among the views of it the loop applied
   * (webhooks, the pass's `GET /pulls/{n}`, a command's read): a view older than this is a late
   * delivery or a stale read and never moves the head back.
   */
  updatedAt?: string;
  /** The base sha that came with the head (a review the loop asks for on its own needs one). */
  baseSha?: string;
  /** Heads the loop moved past, newest first, at most `MAX_PASSED_HEADS`: ties are judged by them. */
  passedHeads?: string[];
  /** RunReview effects asked for so far: each carries the next number, so each is its own job. */
  reviewSeq?: number;
  /** The review pass the loop waits for (null when none). */
  pass?: AwaitedPass | null;
  /** Re-reads of GitHub for the current head after a pass saw an older view (bounded). */
  rechecks?: number;
  /** Why the loop is where it is, in words (shown by `/reviewloop status`). */
  reason?: string;
  /** Remediation settings as the latest pass (or `fix` / `retry`) read them from the repository. */
  settings?: LoopSettings;
  /** Fingerprints of the blocking findings open at the last posted pass of the loop's head. */
  blocking?: string[];
  /** Open findings of any severity at that pass (what `/reviewloop fix` would send). */
  openFindings?: number;
  /** The remediation round in flight, null when none. */
  fix?: RoundInFlight | null;
  /** Dispatch effects asked for so far: each carries the next number, so each is its own job. */
  dispatchSeq?: number;
  /** Set while the loop is handed to a human (cleared by a passing pass, `resume`, `fix`, `retry`). */
  handOff?: HandOffRecord | null;
  /** The `reviewloop:needs-human` label was added and not removed since. */
  labeled?: boolean;
  /** Hand-off effects asked for so far (the hand-off comment's identity). */
  handOffSeq?: number;
  /** The head branch is in a fork (as the latest pass saw it). */
  fork?: boolean;
  /** The head's checks as last observed (by a pass's end or the ObserveChecks job). */
  checks?: ChecksView | null;
  /**
   * What the next round's progress is judged against, kept when a round ended and its verdict
   * waits for the new head's checks: the ended round's `startBlocking`.
   */
  judgeAgainst?: string[] | null;
}

/** The review pass the loop is waiting for. */
export interface AwaitedPass {
  /** The `seq` of its RunReview effect. */
  seq: number;
  headSha: string;
  /** Asked for by an event, not by a person: a review of the same head posted meanwhile does. */
  automatic: boolean;
  /** A review of this head was posted by another pass after this one was asked for: it posts nothing. */
  satisfied?: boolean;
}

/** How many passed heads the loop remembers (enough for a burst delivered out of order). */
export const MAX_PASSED_HEADS = 20;

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

/**
 * A new head commit, or a PR that became reviewable: opened, reopened, pushed to, or marked
 * ready for review (a draft's head usually did not change, but it was skipped as a draft).
 */
export interface HeadUpdated {
  type: "HeadUpdated";
  action: "opened" | "synchronize" | "reopened" | "ready_for_review";
  headSha: string;
  baseSha: string;
  baseRef: string;
  draft: boolean;
  actor: Actor;
  /** The pull request's `updated_at` in the payload: orders deliveries that arrive out of order. */
  updatedAt?: string;
  /** For `synchronize`: the head before the push (only when the payload's `after` is this head). */
  before?: string;
  /** The sender is this app itself (`<slug>[bot]`): its pushes continue the loop like the fixer's. */
  byApp?: boolean;
}

/** The PR was closed (merged or not): the loop ends and queued work is dropped. */
export interface PullRequestClosed {
  type: "PullRequestClosed";
  merged: boolean;
  actor: Actor;
  /** The pull request's `updated_at`: a close older than a reopen the loop applied is ignored. */
  updatedAt?: string;
}

/** Someone asked for the head to be reviewed again ("Re-run" on the `reviewloop` check run). */
export interface ReviewRequested {
  type: "ReviewRequested";
  headSha: string;
  baseSha: string;
  reason: "rerequested";
  /** Unique per request (the delivery id): a second re-run is a second review. */
  requestId: string;
  actor: Actor;
}

/** How a review pass ended (see docs/review-pass.md). */
export type ReviewOutcome =
  /** A review and a check run were posted. */
  | "posted"
  /** Filtered out by the repository config (draft, base branch, author, label): nothing posted. */
  | "skipped"
  /** `.github/reviewloop.yml` is invalid: only a neutral "Configuration error" check run. */
  | "config_error"
  /** A newer head exists: no review posted. */
  | "superseded"
  /** The pull request was closed, or it or its repository is gone: nothing posted. */
  | "stopped"
  /** The job's last attempt failed: the check run reports the error; nothing else was posted. */
  | "failed";

/** The pull request as a pass (or a command) read it from GitHub. */
export interface GitHubView {
  headSha: string;
  baseSha: string;
  state: "open" | "closed";
  /** `updated_at` of that read: older than the loop's means a stale read (replica lag). */
  updatedAt?: string;
}

/** The worker finished a review pass; fed back through the spine so the loop knows. */
export interface ReviewFinished {
  type: "ReviewFinished";
  headSha: string;
  outcome: ReviewOutcome;
  /** Only for `posted`: whether a finding at or above `review.blocking_severity` remains. */
  blocking?: boolean;
  /** The `seq` of the RunReview effect the pass ran for (absent for jobs queued before it existed). */
  seq?: number;
  /** What the pass saw on GitHub (`GET /pulls/{n}`), when it got that far. */
  github?: GitHubView;
  /** The pass's own reason, in words (kept as the loop's reason when it ends the wait). */
  detail?: string;
  /** Only for `posted`: fingerprints of the blocking findings open after the pass. */
  blockingFingerprints?: string[];
  /** Only for `posted`: open findings of any severity after the pass. */
  openFindings?: number;
  /** The remediation settings the pass read. */
  settings?: LoopSettings;
  /** The head branch is in a fork (a dispatched workflow cannot push there). */
  fork?: boolean;
  /** Only for `posted`: the head's check runs as the pass read them at its end. */
  checks?: ChecksSeen;
}

/** Loop commands a comment can give (`/reviewloop review`, …); see docs/commands.md. */
export type LoopCommand = "review" | "full-review" | "pause" | "resume" | "stop" | "fix" | "retry";

/** A permitted comment command that moves the loop, with the PR's head read when it ran. */
export interface CommandIssued {
  type: "CommandIssued";
  command: LoopCommand;
  headSha: string;
  baseSha: string;
  /** Unique per command line (`<comment kind>-<comment id>-<line>`): each is its own request. */
  requestId: string;
  /** For `resume`: the rounds `commands.resume_rounds` grants after a hand-off or stop. */
  resumeRounds?: number;
  actor: Actor;
  /** `updated_at` of the command's read: the loop reviews the newer of its head and this one. */
  updatedAt?: string;
  /** For `fix` / `retry`: the remediation settings the command read (fresher than the pass's). */
  settings?: LoopSettings;
  /** For `fix` / `retry`: the head is in a fork. */
  fork?: boolean;
}

export type LoopEvent =
  | HeadUpdated
  | PullRequestClosed
  | ReviewRequested
  | ReviewFinished
  | CommandIssued
  | DispatchAnswered
  | FixerRunUpdated
  | DispatchAttemptFailed
  | DispatchTimedOut
  | FixerAnswered
  | ChecksObserved
  | ChecksWaitExpired;

/** Review the PR at `headSha`. A newer RunReview of the same PR replaces a queued older one. */
export interface RunReviewEffect {
  kind: "RunReview";
  headSha: string;
  baseSha: string;
  /** Why the pass runs (`opened`, `synchronize`, `reopened`, a command, …): logged and shown. */
  trigger: string;
  /**
   * Set when the same head may be reviewed again (a re-run, a draft marked ready): makes the
   * job's dedupe key differ from the automatic review of that head.
   */
  requestId?: string;
  /** `full`: review the whole pull request from its base, even when an incremental pass could run. */
  mode?: "full";
  /** The loop's review sequence number: part of the job's dedupe key, reported back by the pass. */
  seq?: number;
  /** Run no sooner than this many milliseconds from now (a re-read of GitHub after a stale view). */
  delayMs?: number;
}

/** Drop every queued job of this PR (the loop ended). Executed inside the spine's transaction. */
export interface CancelQueuedEffect {
  kind: "CancelQueued";
}

export type Effect =
  | RunReviewEffect
  | CancelQueuedEffect
  | RecordAttemptEffect
  | DispatchEffect
  | ScheduleTimeoutEffect
  | CollectDiagnosticsEffect
  | HandOffEffect
  | LabelEffect
  | ScheduleChecksWaitEffect;

export interface Transition {
  state: LoopState;
  effects: Effect[];
  /** For a command: what the loop did or why it refused, in words (the command's reply). */
  answer?: string;
}
