import type { DiffFile, Hunk } from "../review/diff-types.ts";
import type { Finding } from "../review/finding.ts";

/**
 * Incremental passes only look at what changed since the last reviewed head, so open findings
 * elsewhere must be carried over. `changes` is `compare/{last}...{head}`: its old side is the
 * last reviewed head, its new side the head under review. A RIGHT-side finding whose lines were
 * not touched is carried to where those lines are now; one whose lines were changed or deleted
 * is dropped (the engines looked at that code again: if they still report it, it comes back
 * with the same fingerprint, otherwise it is resolved). LEFT-side findings (deleted lines, base
 * numbering) do not move when the head moves and are carried unchanged.
 */
export function carryFindings(open: readonly Finding[], changes: readonly DiffFile[]): Finding[] {
  const byOldPath = new Map<string, DiffFile>();
  for (const file of changes) byOldPath.set(file.oldPath ?? file.path, file);
  const carried: Finding[] = [];
  for (const finding of open) {
    if (finding.side === "LEFT") {
      carried.push(finding);
      continue;
    }
    const file = byOldPath.get(finding.path);
    if (file === undefined) {
      carried.push(finding);
      continue;
    }
    if (file.status === "deleted") continue;
    if (file.hunks.length === 0) {
      // A pure rename moves no line; a patch GitHub left out (too large) tells us nothing.
      const pureRename = file.additions === 0 && file.deletions === 0 && file.oldPath !== null;
      if (pureRename) carried.push({ ...finding, path: file.path });
      continue;
    }
    const line = mapLine(file.hunks, finding.line);
    const first = finding.startLine ?? finding.line;
    const start = first === finding.line ? line : mapLine(file.hunks, first);
    if (line === null || start === null) continue;
    if (!rangeUntouched(file.hunks, first, finding.line)) continue;
    const moved: Finding = { ...finding, path: file.path, line };
    if (finding.startLine !== undefined && finding.startLine !== null) moved.startLine = start;
    carried.push(moved);
  }
  return carried;
}

/** The new-side number of old line `old`, or null when the change deleted or replaced it. */
export function mapLine(hunks: readonly Hunk[], old: number): number | null {
  let offset = 0;
  for (const hunk of hunks) {
    const end = hunk.oldStart + hunk.oldLines - 1;
    if (hunk.oldLines > 0 && old >= hunk.oldStart && old <= end) {
      const line = hunk.lines.find((l) => l.oldLine === old);
      return line?.kind === "context" ? line.newLine : null;
    }
    // A pure insertion after `oldStart` (oldLines 0) shifts the lines that follow it.
    const before = hunk.oldLines === 0 ? hunk.oldStart < old : end < old;
    if (!before) break;
    offset += hunk.newLines - hunk.oldLines;
  }
  return old + offset;
}

/** True when no line of `first..last` (old numbering) was deleted or replaced. */
function rangeUntouched(hunks: readonly Hunk[], first: number, last: number): boolean {
  for (let old = first; old <= last; old++) {
    if (mapLine(hunks, old) === null) return false;
  }
  return true;
}
