import type { Severity, Verdict } from "../review/finding.ts";
import type { ReviewPassResult } from "../review/review-pass.ts";

/** One finding in the JSON report; field names and order are a public contract (docs/cli.md). */
export interface ReportFinding {
  id: string;
  fingerprint: string;
  ruleId: string;
  engine: string;
  severity: Severity;
  category: string;
  path: string;
  line: number;
  /** First line of a range, null for a single line. */
  startLine: number | null;
  side: "LEFT" | "RIGHT";
  title: string;
  body: string;
  placement: "inline" | "summary";
}

/** Counts of the diff and of the review. */
export interface ReportStats {
  files: number;
  filesReviewed: number;
  filesSkipped: number;
  additions: number;
  deletions: number;
  durationMs: number;
}

/** `reviewloop review --format json` output. */
export interface ReviewReport {
  verdict: Verdict;
  /** Full sha of the base revision as given (not the merge base). */
  base: string;
  /** Full sha of the reviewed head. */
  head: string;
  findings: ReportFinding[];
  stats: ReportStats;
}

/** Builds the JSON report from a review pass; nothing else leaks into the contract. */
export function toReviewReport(input: {
  result: ReviewPassResult;
  base: string;
  head: string;
  stats: ReportStats;
}): ReviewReport {
  return {
    verdict: input.result.verdict,
    base: input.base,
    head: input.head,
    findings: input.result.placed.map((f) => ({
      id: f.id,
      fingerprint: f.fingerprint,
      ruleId: f.ruleId,
      engine: f.engine,
      severity: f.severity,
      category: f.category,
      path: f.path,
      line: f.line,
      startLine: f.startLine ?? null,
      side: f.side,
      title: f.title,
      body: f.body,
      placement: f.placement,
    })),
    stats: input.stats,
  };
}
