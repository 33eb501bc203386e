/**
 * The CI part of the loop's contract (issue 10): what the loop knows of the head commit's
 * checks, the events that tell it, and the effect that bounds its wait. Pure data, re-exported
 * by `types.ts`. See docs/remediation.md, "CI failures as rounds".
 */

/**
 * The checks of one head commit as last observed: every check run on the sha except reviewloop's
 * own and the fixer's own workflow runs. Names are check-run names, sorted, unique.
 */
export interface ChecksView {
  headSha: string;
  /** Check runs not completed yet. */
  pending: string[];
  /** Completed with `failure`, `timed_out`, `cancelled` or `action_required`. */
  failing: string[];
  /** The loop started waiting for this head's checks before dispatching (a timer was set). */
  waiting?: boolean;
  /** The wait timed out (`engines.checks.timeout_minutes`): pending checks no longer hold a round. */
  expired?: boolean;
}

/** What a review pass (at its end) or the ObserveChecks job read of the head's check runs. */
export interface ChecksSeen {
  pending: string[];
  failing: string[];
}

/**
 * The check runs of `headSha` were read after a `check_suite` / `check_run` completed (the
 * ObserveChecks job). Ignored unless `headSha` is the loop's head.
 */
export interface ChecksObserved extends ChecksSeen {
  type: "ChecksObserved";
  headSha: string;
}

/** The wait for `headSha`'s checks timed out (the ChecksWait timer job). */
export interface ChecksWaitExpired {
  type: "ChecksWaitExpired";
  headSha: string;
}

/** A timer job that reports `ChecksWaitExpired` for `headSha` after `delayMs`. */
export interface ScheduleChecksWaitEffect {
  kind: "ScheduleChecksWait";
  headSha: string;
  delayMs: number;
}
