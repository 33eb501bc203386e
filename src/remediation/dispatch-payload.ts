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

/** A failing CI check of the head (filled by the next issue; empty for now). */
export interface FailingCheck {
  name: string;
  conclusion: string;
  title?: string;
  summary?: string;
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
}
