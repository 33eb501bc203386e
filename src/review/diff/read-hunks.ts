import type { DiffLine, Hunk } from "../diff-types.ts";

/** The hunks read from a run of lines, the number of added and deleted lines, and where reading stopped. */
export interface HunkRun {
  hunks: Hunk[];
  additions: number;
  deletions: number;
  /** Index of the first line that is not part of the run. */
  next: number;
}

interface HunkHeader {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  header: string;
}

const CODE_SPACE = 32;
const CODE_PLUS = 43;
const CODE_MINUS = 45;
const CODE_BACKSLASH = 92;
const CODE_CR = 13;

// Anchored, no nested quantifiers: linear in the line length. A missing count means 1.
const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/;

/** Parses `@@ -a,b +c,d @@ text`; null when the line is not a two-way hunk header. */
export function parseHunkHeader(line: string): HunkHeader | null {
  if (!line.startsWith("@@ -")) return null;
  const m = HUNK_HEADER.exec(line);
  if (!m) return null;
  return {
    oldStart: Number(m[1]),
    oldLines: m[2] === undefined ? 1 : Number(m[2]),
    newStart: Number(m[3]),
    newLines: m[4] === undefined ? 1 : Number(m[4]),
    header: stripCr(m[5]),
  };
}

/** The line's text without its marker and without the `\r` of a CRLF line ending. */
function lineContent(line: string): string {
  const end = line.charCodeAt(line.length - 1) === CODE_CR ? line.length - 1 : line.length;
  return line.slice(1, end);
}

function stripCr(text: string): string {
  return text.charCodeAt(text.length - 1) === CODE_CR ? text.slice(0, -1) : text;
}

/**
 * Reads consecutive hunks starting at `lines[start]` in one linear pass. The end of a hunk is
 * decided by the counts in its header, not by the first character of the next line, so a
 * deleted line reading `-- a/x` or an added `diff --git …` is never mistaken for a header. An
 * empty line inside a hunk is a context line whose trailing space was stripped (mail clients and
 * editors do this). `\ No newline at end of file` marks the line before it.
 */
export function readHunks(lines: readonly string[], start: number): HunkRun {
  const hunks: Hunk[] = [];
  let additions = 0;
  let deletions = 0;
  let i = start;
  while (i < lines.length) {
    const head = parseHunkHeader(lines[i]);
    if (!head) break;
    i++;
    const out: DiffLine[] = [];
    let oldLeft = head.oldLines;
    let newLeft = head.newLines;
    let oldNo = head.oldStart;
    let newNo = head.newStart;
    while (i < lines.length) {
      const line = lines[i];
      const code = line.charCodeAt(0);
      if (code === CODE_BACKSLASH) {
        if (out.length > 0) out[out.length - 1].noNewlineAtEnd = true;
        i++;
        continue;
      }
      if (oldLeft === 0 && newLeft === 0) break;
      if (code === CODE_SPACE || line.length === 0) {
        if (oldLeft === 0 || newLeft === 0) break;
        out.push({
          kind: "context",
          content: lineContent(line),
          oldLine: oldNo++,
          newLine: newNo++,
        });
        oldLeft--;
        newLeft--;
      } else if (code === CODE_MINUS) {
        if (oldLeft === 0) break;
        out.push({ kind: "del", content: lineContent(line), oldLine: oldNo++, newLine: null });
        oldLeft--;
        deletions++;
      } else if (code === CODE_PLUS) {
        if (newLeft === 0) break;
        out.push({ kind: "add", content: lineContent(line), oldLine: null, newLine: newNo++ });
        newLeft--;
        additions++;
      } else {
        break;
      }
      i++;
    }
    hunks.push({
      oldStart: head.oldStart,
      oldLines: head.oldLines,
      newStart: head.newStart,
      newLines: head.newLines,
      header: head.header,
      lines: out,
    });
  }
  return { hunks, additions, deletions, next: i };
}
