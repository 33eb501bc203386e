import { compareFindings } from "./assign-ids.ts";
import { type Finding, type PlacedFinding, SEVERITIES } from "./finding.ts";
import { fencedBlock } from "./render-escape.ts";

/** The part of the commentable-line index placement needs (see `commentable-lines.ts`). */
export interface CommentableLookup {
  /** True when GitHub accepts a review comment on `startLine..line` (or `line`) of `path` on `side`. */
  canComment(path: string, side: "LEFT" | "RIGHT", line: number, startLine?: number): boolean;
}

/** Placement limits. */
export interface PlacementOptions {
  /** Most inline comments in one review; the rest go to the summary. Default 50. */
  maxInline?: number;
}

export const DEFAULT_MAX_INLINE = 50;

type Identified = Finding & { id: string; fingerprint: string };

/**
 * Decides where each finding is shown. A finding is `inline` only when its exact anchor is
 * commentable; a range that GitHub would reject (e.g. one crossing hunks) is narrowed to its last
 * line when that line is commentable, and otherwise the finding goes to the `summary` — a finding
 * is never moved to a different line. At most `maxInline` findings stay inline, the most severe
 * first. Returns the findings in input order.
 */
export function placeFindings<T extends Identified>(
  findings: readonly T[],
  index: CommentableLookup,
  options: PlacementOptions = {},
): (T & PlacedFinding)[] {
  const maxInline = options.maxInline ?? DEFAULT_MAX_INLINE;
  const placed = findings.map((f) => anchor(f, index));

  const inline = placed.filter((f) => f.placement === "inline");
  if (inline.length > maxInline) {
    const keep = new Set(
      [...inline]
        .sort((a, b) => severityRank(b) - severityRank(a) || compareFindings(a, b))
        .slice(0, Math.max(0, maxInline)),
    );
    for (const f of inline) if (!keep.has(f)) f.placement = "summary";
  }
  return placed;
}

function anchor<T extends Identified>(finding: T, index: CommentableLookup): T & PlacedFinding {
  const { path, side, line } = finding;
  if (finding.summaryOnly === true) return { ...finding, placement: "summary" };
  // GitHub wants start_line strictly before line; an equal start is a single-line anchor.
  const startLine =
    finding.startLine !== null && finding.startLine !== undefined && finding.startLine < line
      ? finding.startLine
      : undefined;

  if (startLine === undefined) {
    const placement = index.canComment(path, side, line) ? "inline" : "summary";
    return { ...finding, startLine: undefined, placement };
  }
  if (index.canComment(path, side, line, startLine)) {
    return { ...finding, startLine, placement: "inline" };
  }
  if (index.canComment(path, side, line)) {
    return { ...narrowToLastLine(finding, startLine), placement: "inline" };
  }
  return { ...finding, placement: "summary" };
}

/**
 * A suggestion replaces `start_line..line`; on a narrowed anchor it would replace only the last
 * line and corrupt the file, so it becomes a plain code block in the body instead.
 */
function narrowToLastLine<T extends Identified>(finding: T, startLine: number): T {
  const { suggestion, ...rest } = finding;
  if (suggestion === undefined) return { ...rest, startLine: undefined } as T;
  const note = `Suggested replacement for lines ${startLine}–${finding.line}:\n\n${fencedBlock(suggestion)}`;
  const body = finding.body === "" ? note : `${finding.body}\n\n${note}`;
  return { ...rest, startLine: undefined, body } as T;
}

function severityRank(f: Pick<Finding, "severity">): number {
  return SEVERITIES.indexOf(f.severity);
}
