import { z } from "zod";

/** Severities in increasing order of weight. */
export const SEVERITIES = ["info", "warning", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** True when `severity` is at or above `threshold` (e.g. critical ≥ warning). */
export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(threshold);
}

/**
 * A finding as every engine must return it. Validated at each engine boundary: engine output that
 * fails this schema is recorded in the coverage report, never posted.
 */
export const findingSchema = z
  .object({
    /** Stable rule id, kebab-case (`conflict-marker`, `llm/security`, `checks/eslint`). */
    ruleId: z.string().min(1).max(200),
    /** The engine that produced it: `builtin`, `llm`, `checks`. */
    engine: z.string().min(1).max(50),
    severity: z.enum(SEVERITIES),
    /** Free-form grouping shown in the comment badge: `bugs`, `security`, `tests`, `style`, … */
    category: z.string().min(1).max(50),
    /** Repository-relative POSIX path on the side the finding is anchored to. */
    path: z.string().min(1),
    /** Last (or only) line of the anchor, in the numbering of `side`. */
    line: z.number().int().positive(),
    /** First line of a multi-line anchor; omitted or null for a single line. */
    startLine: z.number().int().positive().nullish(),
    /** RIGHT = new file numbering (added/context lines), LEFT = old numbering (deleted/context lines). */
    side: z.enum(["RIGHT", "LEFT"]),
    title: z.string().min(1).max(255),
    body: z.string().max(20_000),
    /** Replacement text for lines startLine..line on the RIGHT side (rendered as a ```suggestion block). */
    suggestion: z.string().max(20_000).optional(),
    /**
     * The engine cannot vouch for the anchor (an LLM finding on lines it was not shown): shown in
     * the review body only, never as an inline comment.
     */
    summaryOnly: z.boolean().optional(),
  })
  .strict();

export type Finding = z.infer<typeof findingSchema>;

/** Where a finding is shown: as an inline review comment, or only in the review body. */
export type Placement = "inline" | "summary";

/** A finding after the review pass has given it an identity and a place. */
export interface PlacedFinding extends Finding {
  /** Per-PR short id (`F1`, `F2`, …), stable across passes for the same fingerprint. */
  id: string;
  fingerprint: string;
  placement: Placement;
}

export type Verdict = "request_changes" | "comment" | "approve";
