import type { DiffLine, Hunk } from "./diff-types.ts";

/** The commentable lines of one side of one file, with the hunk (0-based, in file order) of each. */
export interface SideLines {
  /** The hunk that shows `line`, or null. */
  hunkOf(line: number): number | null;
  /** Every line, ascending, in a new array. */
  lines(): number[];
  /** The line closest to `line` (ties go to the lower line), or null when there is none. */
  nearest(line: number): number | null;
}

/** Which line number of a `DiffLine` a side reads: `newLine` for RIGHT, `oldLine` for LEFT. */
export type LineField = "newLine" | "oldLine";

/**
 * Indexes one side of a file's hunks. A parsed hunk numbers the lines it shows on a side one
 * after another, so the side is a few ascending, disjoint runs `start..end`, one per hunk that
 * shows any line there: stored as three small arrays and searched in O(log hunks), without a
 * per-line table. Hunks that do not have that shape (numbering gaps, overlapping or unordered
 * hunks, which only hand-built or duplicated files produce) get a per-line map instead, which
 * answers exactly as the runs would and keeps the later hunk where two claim one line.
 */
export function indexSide(hunks: readonly Hunk[], field: LineField): SideLines {
  const starts: number[] = [];
  const ends: number[] = [];
  const hunkIds: number[] = [];
  for (let h = 0; h < hunks.length; h++) {
    const run = readRun(hunks[h].lines, field);
    if (run === null) return indexSideByLine(hunks, field);
    if (run === EMPTY) continue;
    const last = ends.length - 1;
    if (last >= 0 && run.start <= ends[last]) return indexSideByLine(hunks, field);
    starts.push(run.start);
    ends.push(run.end);
    hunkIds.push(h);
  }
  return createRunSide(starts, ends, hunkIds);
}

const EMPTY = { start: 0, end: -1 };

/**
 * The run `start..end` of the numbers `field` takes in `lines`, skipping lines without one;
 * EMPTY when no line has one; null when the numbers are not consecutive positive integers.
 */
function readRun(
  lines: readonly DiffLine[],
  field: LineField,
): { start: number; end: number } | null {
  let start = 0;
  let end = 0;
  let found = false;
  for (let k = 0; k < lines.length; k++) {
    const n = lines[k][field];
    if (n === null) continue;
    if (!found) {
      // GitHub numbers lines from 1; anything else is left to the per-line map.
      if (!Number.isSafeInteger(n) || n < 1) return null;
      start = n;
      end = n;
      found = true;
    } else if (n === end + 1) {
      end = n;
    } else {
      return null;
    }
  }
  return found ? { start, end } : EMPTY;
}

function createRunSide(
  starts: readonly number[],
  ends: readonly number[],
  hunkIds: readonly number[],
): SideLines {
  /** Index of the last run starting at or before `line`, or -1. */
  const runAtOrBefore = (line: number): number => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid] <= line) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  };
  return {
    hunkOf(line) {
      // A table keyed by line would hold no fraction; keep that answer for one passed here.
      if (!Number.isInteger(line)) return null;
      const r = runAtOrBefore(line);
      return r >= 0 && line <= ends[r] ? hunkIds[r] : null;
    },
    lines() {
      const out: number[] = [];
      for (let r = 0; r < starts.length; r++) {
        for (let n = starts[r]; n <= ends[r]; n++) out.push(n);
      }
      return out;
    },
    nearest(line) {
      if (starts.length === 0) return null;
      const r = runAtOrBefore(line);
      // The greatest line ≤ `line` and the least line ≥ `line`, as a sorted list would give
      // them (`line` may be a fraction or infinite: callers pass what findings carry).
      const below = r >= 0 ? Math.min(ends[r], Math.floor(line)) : null;
      if (below === line) return line;
      const above =
        r >= 0 && Math.ceil(line) <= ends[r]
          ? Math.ceil(line)
          : r + 1 < starts.length
            ? starts[r + 1]
            : null;
      if (below === null) return above;
      if (above === null) return below;
      return line - below <= above - line ? below : above;
    },
  };
}

/** The general case: every line in a map to its hunk (the later hunk wins), plus the sorted lines. */
function indexSideByLine(hunks: readonly Hunk[], field: LineField): SideLines {
  const hunkByLine = new Map<number, number>();
  for (let h = 0; h < hunks.length; h++) {
    for (const line of hunks[h].lines) {
      const n = line[field];
      if (n !== null) hunkByLine.set(n, h);
    }
  }
  const sorted = [...hunkByLine.keys()].sort((a, b) => a - b);
  return {
    hunkOf: (line) => hunkByLine.get(line) ?? null,
    lines: () => [...sorted],
    nearest(line) {
      if (sorted.length === 0) return null;
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
