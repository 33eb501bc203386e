import type { PullFile } from "./types.ts";

/** Lines `start..end` of `path` in the head (RIGHT side numbering) to delete. */
export interface LineRemoval {
  path: string;
  start: number;
  end: number;
}

/** What deleting lines did to a PR's diff. */
export interface RemovalResult {
  /** The PR's files after the change (base...new head). */
  files: PullFile[];
  /** The change itself (old head...new head), one zero-context hunk per removed block. */
  changed: PullFile[];
  /** Lines that were removed, per path, in head numbering. */
  removed: Array<{ path: string; line: number }>;
  /** Lines that could not be removed: not shown in the diff (or the file has no patch). */
  missed: Array<{ path: string; line: number }>;
}

interface Line {
  marker: string;
  text: string;
  /** Head line number (`+` and context lines). */
  newLine?: number;
}

interface Hunk {
  oldStart: number;
  newStart: number;
  section: string;
  lines: Line[];
}

const HEADER = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@(.*)$/;

function parseHunks(patch: string): Hunk[] {
  const hunks: Hunk[] = [];
  let newLine = 0;
  for (const text of patch.split("\n")) {
    const header = HEADER.exec(text);
    if (header) {
      newLine = Number(header[2]);
      hunks.push({
        oldStart: Number(header[1]),
        newStart: newLine,
        section: header[3] ?? "",
        lines: [],
      });
      continue;
    }
    const hunk = hunks.at(-1);
    if (!hunk) continue;
    const marker = text[0] ?? " ";
    const line: Line = { marker, text: text.slice(1) };
    if (marker === "+" || marker === " ") line.newLine = newLine++;
    hunk.lines.push(line);
  }
  return hunks;
}

function count(lines: Line[], markers: string): number {
  return lines.filter((line) => markers.includes(line.marker)).length;
}

function renderHunks(hunks: Hunk[]): string {
  return hunks
    .map((hunk) => {
      const oldCount = count(hunk.lines, " -");
      const newCount = count(hunk.lines, " +");
      const body = hunk.lines.map((line) => `${line.marker}${line.text}`);
      return [
        `@@ -${hunk.oldStart},${oldCount} +${hunk.newStart},${newCount} @@${hunk.section}`,
        ...body,
      ].join("\n");
    })
    .join("\n");
}

/** Removes `lines` (head numbering) from one file's patch; returns the new file and the change. */
function removeFromFile(file: PullFile, lines: Set<number>) {
  const hunks = parseHunks(file.patch ?? "");
  const removedText = new Map<number, string>();
  let shift = 0;
  const kept: Hunk[] = [];
  for (const hunk of hunks) {
    const hadNewLines = count(hunk.lines, " +") > 0;
    const newStart = hunk.newStart - shift;
    const edited: Line[] = [];
    for (const line of hunk.lines) {
      if (line.newLine === undefined || !lines.has(line.newLine)) {
        edited.push(line);
        continue;
      }
      removedText.set(line.newLine, line.text);
      shift++;
      // An added line disappears; a context line becomes a deletion from the base.
      if (line.marker === " ") edited.push({ marker: "-", text: line.text });
    }
    if (count(edited, "+-") === 0) continue;
    const empty = hadNewLines && count(edited, " +") === 0;
    kept.push({ ...hunk, newStart: empty ? Math.max(newStart - 1, 0) : newStart, lines: edited });
  }
  const patch = renderHunks(kept);
  const next: PullFile = {
    ...file,
    additions: count(
      kept.flatMap((hunk) => hunk.lines),
      "+",
    ),
    deletions: count(
      kept.flatMap((hunk) => hunk.lines),
      "-",
    ),
  };
  if (kept.length > 0) next.patch = patch;
  else delete next.patch;
  return { file: next, removedText };
}

/** The old head → new head diff of one file: each block of removed lines as a `-U0` hunk. */
function changeOf(filename: string, removedText: Map<number, string>): PullFile {
  const numbers = [...removedText.keys()].sort((a, b) => a - b);
  const blocks: number[][] = [];
  for (const line of numbers) {
    const block = blocks.at(-1);
    if (block && block.at(-1) === line - 1) block.push(line);
    else blocks.push([line]);
  }
  let before = 0;
  const patch = blocks
    .map((block) => {
      const start = block[0]!;
      const header = `@@ -${start},${block.length} +${start - 1 - before},0 @@`;
      before += block.length;
      return [header, ...block.map((line) => `-${removedText.get(line)}`)].join("\n");
    })
    .join("\n");
  return { filename, status: "modified", patch, additions: 0, deletions: numbers.length };
}

/**
 * Deletes head lines from a PR's diff, as a fixer's commit would, keeping `patch`es, counts
 * and the incremental diff consistent so the simulator's files, compare and review-anchor
 * checks agree with each other. Only lines shown in the diff can be removed (added or context
 * lines); the rest are reported as missed. A file left without changes drops out of the PR,
 * unless it was added (an empty new file stays).
 */
export function removeRightLines(files: PullFile[], removals: LineRemoval[]): RemovalResult {
  const wanted = new Map<string, Set<number>>();
  for (const removal of removals) {
    const lines = wanted.get(removal.path) ?? new Set<number>();
    for (let line = removal.start; line <= removal.end; line++) lines.add(line);
    wanted.set(removal.path, lines);
  }
  const result: RemovalResult = { files: [], changed: [], removed: [], missed: [] };
  for (const file of files) {
    const lines = wanted.get(file.filename);
    wanted.delete(file.filename);
    if (!lines) {
      result.files.push(file);
      continue;
    }
    const { file: next, removedText } = removeFromFile(file, lines);
    for (const line of [...lines].sort((a, b) => a - b)) {
      const into = removedText.has(line) ? result.removed : result.missed;
      into.push({ path: file.filename, line });
    }
    if (next.patch !== undefined || file.status === "added") result.files.push(next);
    if (removedText.size > 0) result.changed.push(changeOf(file.filename, removedText));
  }
  for (const [path, lines] of wanted) {
    for (const line of [...lines].sort((a, b) => a - b)) result.missed.push({ path, line });
  }
  return result;
}
