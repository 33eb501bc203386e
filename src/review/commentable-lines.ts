import type { DiffFile } from "./diff-types.ts";

/** Which version of a file a review comment anchors to, as GitHub names it. */
export type Side = "LEFT" | "RIGHT";

/**
 * The lines of a pull request a review comment may anchor to. GitHub rejects a whole review
 * (422) when one comment's anchor is outside the diff or a range crosses hunks, so every inline
 * comment is checked here first; findings that fail go into the review body.
 */
export interface CommentableIndex {
  /** True when `line` (and, for a range, `startLine`..`line`) may carry a comment on `side`. */
  canComment(path: string, side: Side, line: number, startLine?: number | null): boolean;
  /** Index of the hunk (0-based, in file order) that shows `line` on `side`, or null. */
  hunkOf(path: string, side: Side, line: number): number | null;
  /** Every commentable line of `path` on `side`, ascending. */
  lines(path: string, side: Side): number[];
  /** The commentable line of `path` on `side` closest to `line` (ties go to the lower line), or null. */
  nearestCommentableLine(path: string, side: Side, line: number): number | null;
}

/** One side of one file: line → hunk for O(1) lookups, and the sorted lines for searches. */
interface SideLines {
  hunkByLine: Map<number, number>;
  sorted: number[];
}

interface FileLines {
  LEFT: SideLines;
  RIGHT: SideLines;
  hunkCount: number;
}

/**
 * Builds the index once per review pass. RIGHT holds added and context lines in new numbering,
 * LEFT deleted and context lines in old numbering. Files are keyed by their new path (a deleted
 * file by its old path), which is the `path` GitHub expects for comments on either side.
 */
export function buildCommentableIndex(files: readonly DiffFile[]): CommentableIndex {
  const byPath = new Map<string, FileLines>();
  for (const file of files) {
    let entry = byPath.get(file.path);
    if (!entry) {
      entry = { LEFT: emptySide(), RIGHT: emptySide(), hunkCount: 0 };
      byPath.set(file.path, entry);
    }
    for (const hunk of file.hunks) {
      const hunkIndex = entry.hunkCount++;
      for (const line of hunk.lines) {
        if (line.newLine !== null) entry.RIGHT.hunkByLine.set(line.newLine, hunkIndex);
        if (line.oldLine !== null) entry.LEFT.hunkByLine.set(line.oldLine, hunkIndex);
      }
    }
  }
  for (const entry of byPath.values()) {
    for (const side of [entry.LEFT, entry.RIGHT]) {
      side.sorted = [...side.hunkByLine.keys()].sort((a, b) => a - b);
    }
  }

  const sideOf = (path: string, side: Side): SideLines | undefined => byPath.get(path)?.[side];

  const hunkOf = (path: string, side: Side, line: number): number | null =>
    sideOf(path, side)?.hunkByLine.get(line) ?? null;

  return {
    hunkOf,
    canComment(path, side, line, startLine) {
      const hunk = hunkOf(path, side, line);
      if (hunk === null) return false;
      if (startLine === undefined || startLine === null || startLine === line) return true;
      return startLine < line && hunkOf(path, side, startLine) === hunk;
    },
    lines(path, side) {
      return [...(sideOf(path, side)?.sorted ?? [])];
    },
    nearestCommentableLine(path, side, line) {
      const sorted = sideOf(path, side)?.sorted;
      if (!sorted || sorted.length === 0) return null;
      const at = lowerBound(sorted, line);
      if (at < sorted.length && sorted[at] === line) return line;
      const below = at > 0 ? sorted[at - 1] : null;
      const above = at < sorted.length ? sorted[at] : null;
      if (below === null) return above;
      if (above === null) return below;
      return line - below <= above - line ? below : above;
    },
  };
}

function emptySide(): SideLines {
  return { hunkByLine: new Map(), sorted: [] };
}

/** First index whose value is ≥ `target`. */
function lowerBound(sorted: readonly number[], target: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
