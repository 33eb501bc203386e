import { indexSide, type SideLines } from "./commentable-side.ts";
import type { DiffFile, Hunk } from "./diff-types.ts";

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

/** A file's hunks (in file order) and its sides, each indexed the first time it is asked about. */
interface FileLines {
  hunks: readonly Hunk[];
  LEFT?: SideLines;
  RIGHT?: SideLines;
}

const FIELD = { LEFT: "oldLine", RIGHT: "newLine" } as const;

/**
 * Builds the index once per review pass. RIGHT holds added and context lines in new numbering,
 * LEFT deleted and context lines in old numbering. Files are keyed by their new path (a deleted
 * file by its old path), which is the `path` GitHub expects for comments on either side. A path
 * listed twice (git never does) gets the hunks of both entries, numbered on from the first.
 *
 * Building only groups the hunks by path: a side of a file is indexed (one run of lines per hunk,
 * see `indexSide`) when it is first asked about, so a pass pays for the files its findings touch,
 * not for every line of the diff. The files are read then, so they must not change afterwards
 * (nothing changes a parsed diff).
 */
export function buildCommentableIndex(files: readonly DiffFile[]): CommentableIndex {
  const byPath = new Map<string, FileLines>();
  for (const file of files) {
    const earlier = byPath.get(file.path);
    if (earlier === undefined) byPath.set(file.path, { hunks: file.hunks });
    else earlier.hunks = [...earlier.hunks, ...file.hunks];
  }

  const sideOf = (path: string, side: Side): SideLines | undefined => {
    const entry = byPath.get(path);
    if (entry === undefined) return undefined;
    entry[side] ??= indexSide(entry.hunks, FIELD[side]);
    return entry[side];
  };

  const hunkOf = (path: string, side: Side, line: number): number | null =>
    sideOf(path, side)?.hunkOf(line) ?? null;

  return {
    hunkOf,
    canComment(path, side, line, startLine) {
      const hunk = hunkOf(path, side, line);
      if (hunk === null) return false;
      if (startLine === undefined || startLine === null || startLine === line) return true;
      return startLine < line && hunkOf(path, side, startLine) === hunk;
    },
    lines(path, side) {
      return sideOf(path, side)?.lines() ?? [];
    },
    nearestCommentableLine(path, side, line) {
      return sideOf(path, side)?.nearest(line) ?? null;
    },
  };
}
