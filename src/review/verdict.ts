import { isAtLeast, SEVERITIES, type Severity, type Verdict } from "./finding.ts";

/** How the verdict is decided; mirrors `review.blocking_severity` and `review.approve`. */
export interface VerdictPolicy {
  /** Findings at or above this severity block the pull request. */
  blockingSeverity: Severity;
  /** Post APPROVE when nothing blocks; otherwise such a pass is a plain COMMENT. */
  approve: boolean;
}

/** The conclusion of the `reviewloop` check run. */
export type CheckConclusion = "failure" | "neutral" | "success";

/** The `event` of `POST /pulls/{n}/reviews`. */
export type ReviewEvent = "REQUEST_CHANGES" | "COMMENT" | "APPROVE";

/** Number of findings per severity. */
export type SeverityCounts = Record<Severity, number>;

type Graded = { severity: Severity };

/** True when `finding` blocks under `blockingSeverity`. */
export function isBlocking(finding: Graded, blockingSeverity: Severity): boolean {
  return isAtLeast(finding.severity, blockingSeverity);
}

/**
 * `request_changes` when any finding blocks; otherwise `approve` when approval is enabled, else
 * `comment`.
 */
export function decideVerdict(findings: readonly Graded[], policy: VerdictPolicy): Verdict {
  if (findings.some((f) => isBlocking(f, policy.blockingSeverity))) return "request_changes";
  return policy.approve ? "approve" : "comment";
}

/** Check-run conclusion: `failure` when something blocks, `neutral` for non-blocking findings only, else `success`. */
export function decideConclusion(
  findings: readonly Graded[],
  blockingSeverity: Severity,
): CheckConclusion {
  if (findings.some((f) => isBlocking(f, blockingSeverity))) return "failure";
  return findings.length > 0 ? "neutral" : "success";
}

/** The review `event` GitHub expects for a verdict. */
export function toReviewEvent(verdict: Verdict): ReviewEvent {
  switch (verdict) {
    case "request_changes":
      return "REQUEST_CHANGES";
    case "approve":
      return "APPROVE";
    case "comment":
      return "COMMENT";
  }
}

/** Counts findings per severity (every severity present, zero when absent). */
export function countBySeverity(findings: readonly Graded[]): SeverityCounts {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}
