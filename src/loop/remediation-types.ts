/**
 * The remediation part of the loop's contract: the settings a pass keeps, the round in flight,
 * the hand-off, and the events and effects of dispatching the fixer. Pure data, re-exported by
 * `types.ts`.
 */

/** What the loop needs to know of `.github/reviewloop.yml` (`remediation:`), kept per pass. */
export interface LoopSettings {
  enabled: boolean;
  maxRounds: number;
  noProgressRounds: number;
  maxAttempts: number;
  dispatchTimeoutMinutes: number;
  onHumanPush: "pause" | "continue";
  /** Lower-cased logins whose pushes are the fixer's. */
  fixerLogins: string[];
  target: "workflow_dispatch" | "repository_dispatch" | "webhook";
  /** `commands.resume_rounds`: what `/reviewloop resume` grants (said in the hand-off). */
  resumeRounds?: number;
  /** `remediation.on_ci_failure`: failing checks of the head start and join rounds. */
  onCiFailure?: boolean;
  /** `remediation.wait_for_checks`: no round while the head's checks are pending (bounded). */
  waitForChecks?: boolean;
  /** `remediation.disputes_block`: a disputed finding keeps blocking (and goes to the fixer). */
  disputesBlock?: boolean;
  /** `engines.checks.timeout_minutes`: how long a round waits for pending checks. */
  checksTimeoutMinutes?: number;
}

/** Where a round in flight is. */
export type RoundPhase =
  /** The Dispatch job is queued (or retrying) for the current attempt. */
  | "dispatching"
  /** A cap (daily dispatches, rounds in flight) holds the dispatch; it is tried again later. */
  | "held"
  /** The attempt failed; the next attempt is queued after a backoff. */
  | "retry_wait"
  /** The fixer accepted the dispatch; no run seen yet. */
  | "accepted"
  /** The fixer's run is in progress. */
  | "running"
  /** The fixer's run succeeded; its push is awaited (briefly). */
  | "completed"
  /** The fixer pushed: the review of its head decides how the round ended. */
  | "pushed";

/** One remediation round: one dispatch of the fixer for one head, however many attempts it takes. */
export interface RoundInFlight {
  round: number;
  /** 1-based attempt of this round's dispatch. */
  attempt: number;
  /** The current attempt's id (`dispatch_id` in the payload and the run name). */
  dispatchId: string;
  /** The `seq` of the Dispatch effect the loop waits for (stale Dispatch jobs do nothing). */
  seq: number;
  /** The head the round was dispatched for. */
  headSha: string;
  phase: RoundPhase;
  /** Failed attempts in a row in this round. */
  failures: number;
  /** `all`: `/reviewloop fix` asked for every open finding; `blocking`: the loop's own round. */
  scope: "blocking" | "all";
  /**
   * Blocking fingerprints open when the round started, plus `check:<name>` for each failing
   * check it carried: progress is judged against them.
   */
  startBlocking: string[];
  runId?: number;
  runUrl?: string;
  /** Why the current attempt is held or waiting, in words. */
  note?: string;
  /** The `no_result` timer of the current attempt was scheduled. */
  timerSet?: boolean;
}

/** Why the loop was handed to a human. */
export type HandOffKind = "max_rounds" | "no_progress" | "dispatch_failing";

export interface HandOffRecord {
  kind: HandOffKind;
  reason: string;
  /** The round the loop stopped at. */
  round: number;
  /** The last attempt of that round (`retry` continues from it). */
  attempt: number;
  seq: number;
}

/** What the Dispatch job learnt: the fixer accepted, refused, or a cap held the dispatch. */
export interface DispatchAnswered {
  type: "DispatchAnswered";
  dispatchId: string;
  /**
   * `unknown`: the Dispatch job died after its request may have left (its row stayed `sending`):
   * the attempt is followed as if accepted, and the next attempt looks for its run first.
   */
  result: "accepted" | "refused" | "held" | "unavailable" | "unknown";
  runId?: number;
  runUrl?: string;
  /** `refused`: the HTTP status and message; `held` / `unavailable` / `unknown`: why, in words. */
  detail?: string;
  /** `held`: try again after this many milliseconds. */
  retryInMs?: number;
}

/** A `workflow_run` event matched to a dispatch (by run id or by the dispatch id in its name). */
export interface FixerRunUpdated {
  type: "FixerRunUpdated";
  dispatchId: string;
  runId: number;
  runUrl: string;
  status: "requested" | "in_progress" | "completed";
  conclusion?: string | null;
}

/** An attempt failed; its diagnostics were kept (the `dispatches` row). */
export interface DispatchAttemptFailed {
  type: "DispatchAttemptFailed";
  dispatchId: string;
  /** One line: the conclusion and the failed job, or the refusal. */
  summary: string;
}

/**
 * The fixer answered on the pull request (a comment with a `reviewloop-dispositions` block): for
 * a round whose target reports no run (the webhook), its answer without a push means it finished.
 */
export interface FixerAnswered {
  type: "FixerAnswered";
  actor: { login: string; type: string };
  commentId: number;
}

/** A timer of a dispatch fired: no run in time, or a run that succeeded but never pushed. */
export interface DispatchTimedOut {
  type: "DispatchTimedOut";
  dispatchId: string;
  timer: "no_result" | "no_push";
}

/**
 * Record the attempt's intent (a `dispatches` row, status `intended`) in the spine's transaction:
 * what decided the round and what records it commit together, before anything is sent.
 */
export interface RecordAttemptEffect {
  kind: "RecordAttempt";
  dispatchId: string;
  round: number;
  attempt: number;
  headSha: string;
  scope: "blocking" | "all";
  fingerprints: string[];
  target: LoopSettings["target"];
}

/** Send the fixer dispatch of the round in flight (the Dispatch job). */
export interface DispatchEffect {
  kind: "Dispatch";
  dispatchId: string;
  seq: number;
  round: number;
  attempt: number;
  headSha: string;
  /** Run no sooner than this (a backoff after a failed attempt, or a held cap). */
  delayMs?: number;
}

/** A timer job that reports `DispatchTimedOut` unless the dispatch moved on meanwhile. */
export interface ScheduleTimeoutEffect {
  kind: "ScheduleTimeout";
  dispatchId: string;
  timer: DispatchTimedOut["timer"];
  delayMs: number;
}

/** Read a failed fixer run's jobs and logs, keep them, then report `DispatchAttemptFailed`. */
export interface CollectDiagnosticsEffect {
  kind: "CollectDiagnostics";
  dispatchId: string;
  runId: number;
  conclusion: string;
}

/** Post the one hand-off comment, add the label, update the check run. */
export interface HandOffEffect {
  kind: "HandOff";
  seq: number;
  handOff: HandOffRecord;
}

/** Add or remove `reviewloop:needs-human`. */
export interface LabelEffect {
  kind: "Label";
  action: "add" | "remove";
  /** The hand-off the label belongs to (`handOffSeq`): each add and removal is its own job. */
  seq: number;
}
