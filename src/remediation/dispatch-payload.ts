/**
 * The dispatch payload: what a fixer receives for one round. A public contract, versioned, with
 * its JSON Schema in `schema/dispatch-payload.schema.json` and its page in
 * docs/dispatch-payload.md. Add fields; never rename or remove one without a new `version`.
 */

export const DISPATCH_PAYLOAD_VERSION = 1;

/** One open finding the fixer is asked to address. */
export interface PayloadFinding {
  /** Per-PR short id (`F1`): the id a disposition names. */
  id: string;
  severity: "critical" | "warning" | "info";
  /** Blocking at the repository's `review.blocking_severity`. */
  blocking: boolean;
  rule: string;
  path: string;
  /** First line of the anchor (equal to `end_line` for a single line). */
  start_line: number;
  end_line: number;
  /** `RIGHT`: the head's numbering; `LEFT`: the base's (a deleted line). */
  side: "RIGHT" | "LEFT";
  title: string;
  body: string;
  /** Replacement text for `start_line..end_line` on the RIGHT side, when the engine had one. */
  suggestion?: string;
  /** The inline comment's URL, when one was posted. */
  url?: string;
}

/** What an earlier attempt of this round ended with, so the agent does not repeat it blind. */
export interface PreviousAttempt {
  attempt: number;
  dispatch_id: string;
  /** `failure`, `cancelled`, `timed_out`, `no_run`, `refused`, … */
  conclusion: string;
  run_url?: string;
  failed_jobs: Array<{ name: string; failed_step?: string; log_tail?: string }>;
  /** A refused dispatch: GitHub's (or the webhook's) status and message. */
  error?: string;
}

/** One annotation of a failing check (the check run's own, at most 50 per check). */
export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  level: "notice" | "warning" | "failure";
  title?: string;
  message: string;
}

/**
 * A failing CI check of the round's head: a check run completed `failure`, `timed_out`,
 * `cancelled` or `action_required` (never reviewloop's own, never the fixer's own run).
 */
export interface FailingCheck {
  name: string;
  conclusion: string;
  /** The check run's page (`details_url`, else `html_url`). */
  url?: string;
  /** The check run's output title and summary (the summary cut to fit). */
  title?: string;
  summary?: string;
  /** The check run's annotations on GitHub (`annotations` holds the first of them). */
  annotations_count: number;
  /** Its first annotations, in GitHub's order: at most 50, fewer when cut to fit. */
  annotations: CheckAnnotation[];
  /** GitHub Actions jobs: the steps that failed, in order. */
  failed_steps?: string[];
  /** GitHub Actions jobs: the last lines of the job's log, secrets scrubbed. */
  log_tail?: string;
  /** Details that could not be read (annotations, the job, its log); said, not hidden. */
  read_error?: string;
}

export interface DispatchPayload {
  version: typeof DISPATCH_PAYLOAD_VERSION;
  dispatch_id: string;
  repository: { id: number; full_name: string };
  pull_request: {
    number: number;
    head_sha: string;
    base_sha: string;
    head_ref: string;
    html_url: string;
  };
  round: { number: number; limit: number; attempt: number; max_attempts: number };
  /** `blocking`: the loop's own round; `all`: `/reviewloop fix` asked for every open finding. */
  scope: "blocking" | "all";
  findings: PayloadFinding[];
  /** Findings left out so the payload fits the target's size limit (0 when none). */
  findings_omitted: number;
  failing_checks: FailingCheck[];
  previous_attempts: PreviousAttempt[];
  /** How to answer: the `reviewloop-dispositions` wire format, with an example. */
  dispositions: { how: string; format: string; example: string };
}

/** Everything the payload is built from (read by the Dispatch job; no I/O in the builder). */
export interface PayloadInput {
  dispatchId: string;
  repository: { id: number; fullName: string };
  pullRequest: {
    number: number;
    headSha: string;
    baseSha: string;
    headRef: string;
    htmlUrl: string;
  };
  round: number;
  roundLimit: number;
  attempt: number;
  maxAttempts: number;
  scope: "blocking" | "all";
  findings: PayloadFinding[];
  previousAttempts: PreviousAttempt[];
  /** The failing checks of the round's head (empty when the loop does not act on CI). */
  failingChecks?: FailingCheck[];
}
