import type { DiffLine, Hunk } from "../diff-types.ts";
import { parseHunkHeader } from "./read-hunks.ts";

/** Like {@link HunkRun} of read-hunks.ts, but `next` is the offset of the first line not read. */
export interface TextHunkRun {
  hunks: Hunk[];
  additions: number;
  deletions: number;
  /** Offset in the text of the first line that is not part of the run (`text.length + 1` at the end). */
  next: number;
}

const CODE_SPACE = 32;
const CODE_PLUS = 43;
const CODE_MINUS = 45;
const CODE_BACKSLASH = 92;
const CODE_CR = 13;

/** Largest line array allocated at its final size up front; see readHunksInText. */
const MAX_PREALLOCATED = 10_000;

const CODE_0 = 48;
const CODE_9 = 57;
const CODE_COMMA = 44;

/**
 * {@link parseHunkHeader} of the line `text.slice(start, end)`, reading the numbers in place: a
 * large diff has thousands of hunks, and the regular expression's match array and captures were
 * garbage for each. Any line the fast path is not sure about goes to parseHunkHeader itself.
 */
function readHunkHeader(text: string, start: number, end: number) {
  if (!text.startsWith("@@ -", start)) return null;
  const oldStart = readNumber(text, start + 4, end);
  if (oldStart < 0) return null;
  let oldLines = 1;
  if (text.charCodeAt(numberEnd) === CODE_COMMA) {
    oldLines = readNumber(text, numberEnd + 1, end);
    if (oldLines < 0) return null;
  }
  if (!text.startsWith(" +", numberEnd)) return null;
  const newStart = readNumber(text, numberEnd + 2, end);
  if (newStart < 0) return null;
  let newLines = 1;
  if (text.charCodeAt(numberEnd) === CODE_COMMA) {
    newLines = readNumber(text, numberEnd + 1, end);
    if (newLines < 0) return null;
  }
  if (!text.startsWith(" @@", numberEnd)) return null;
  let pos = numberEnd + 3;
  if (pos < end && text.charCodeAt(pos) === CODE_SPACE) pos++;
  const rest = text.slice(pos, end);
  // The regex's `(.*)$` fails on a line terminator inside the header text (`\r`, U+2028,
  // U+2029); such rare lines take the reference path.
  if (LINE_TERMINATOR.test(rest)) return parseHunkHeader(text.slice(start, end));
  return { oldStart, oldLines, newStart, newLines, header: rest };
}

const LINE_TERMINATOR = /[\r\u2028\u2029]/;

/** Where the last {@link readNumber} stopped. */
let numberEnd = 0;

/** The decimal number at `start` (what `(\d+)` captures, as Number() reads it), or -1 for none. */
function readNumber(text: string, start: number, end: number): number {
  let pos = start;
  let n = 0;
  while (pos < end) {
    const c = text.charCodeAt(pos);
    if (c < CODE_0 || c > CODE_9) break;
    n = n * 10 + (c - CODE_0);
    pos++;
  }
  numberEnd = pos;
  if (pos === start) return -1;
  // Past 15 digits the sum above may round differently from Number() on the digits.
  return pos - start > 15 ? Number(text.slice(start, pos)) : n;
}

/** Offset of the `\n` ending the line that starts at `start`, or `text.length` for the last line. */
export function findLineEnd(text: string, start: number): number {
  const end = text.indexOf("\n", start);
  return end === -1 ? text.length : end;
}

/**
 * {@link readHunks} reading the lines in place in `text`, starting with the line at offset
 * `start`. Lines are what `text.split("\n")` gives (a text ending in `\n` has a last, empty
 * line); a line exists at every offset up to `text.length`. Same rules, same result; but no
 * array of line strings is built: each content line becomes one slice of `text` and nothing
 * else, which on a large diff leaves the garbage collector far less to copy.
 */
export function readHunksInText(text: string, start: number): TextHunkRun {
  const hunks: Hunk[] = [];
  const length = text.length;
  let additions = 0;
  let deletions = 0;
  let pos = start;
  while (pos <= length) {
    let end = findLineEnd(text, pos);
    const head = readHunkHeader(text, pos, end);
    if (!head) break;
    pos = end + 1;
    // Sized up front (a hunk has at most oldLines + newLines lines, and no more than the text
    // has left) and trimmed at the end: growing thousands of arrays by push was 2 MB of garbage
    // per 100,000 lines. Huge counts fall back to growing, as `new Array(n)` past ~100k elements
    // would not give a fast array.
    const cap = Math.min(head.oldLines + head.newLines, length - pos + 1, MAX_PREALLOCATED);
    const out: DiffLine[] = cap > 0 ? new Array(cap) : [];
    let count = 0;
    let oldLeft = head.oldLines;
    let newLeft = head.newLines;
    let oldNo = head.oldStart;
    let newNo = head.newStart;
    while (pos <= length) {
      // NaN at the very end (an empty last line), like charCodeAt(0) of "".
      const code = text.charCodeAt(pos);
      end = text.indexOf("\n", pos);
      if (end === -1) end = length;
      if (code === CODE_BACKSLASH) {
        if (count > 0) out[count - 1]!.noNewlineAtEnd = true;
        pos = end + 1;
        continue;
      }
      if (oldLeft === 0 && newLeft === 0) break;
      // The content without its marker and without the `\r` of a CRLF line ending.
      const contentEnd = end > pos && text.charCodeAt(end - 1) === CODE_CR ? end - 1 : end;
      if (code === CODE_SPACE || end === pos) {
        if (oldLeft === 0 || newLeft === 0) break;
        out[count++] = {
          kind: "context",
          content: text.slice(pos + 1, contentEnd),
          oldLine: oldNo++,
          newLine: newNo++,
        };
        oldLeft--;
        newLeft--;
      } else if (code === CODE_MINUS) {
        if (oldLeft === 0) break;
        out[count++] = {
          kind: "del",
          content: text.slice(pos + 1, contentEnd),
          oldLine: oldNo++,
          newLine: null,
        };
        oldLeft--;
        deletions++;
      } else if (code === CODE_PLUS) {
        if (newLeft === 0) break;
        out[count++] = {
          kind: "add",
          content: text.slice(pos + 1, contentEnd),
          oldLine: null,
          newLine: newNo++,
        };
        newLeft--;
        additions++;
      } else {
        break;
      }
      pos = end + 1;
    }
    if (count < out.length) out.length = count;
    hunks.push({
      oldStart: head.oldStart,
      oldLines: head.oldLines,
      newStart: head.newStart,
      newLines: head.newLines,
      header: head.header,
      lines: out,
    });
  }
  return { hunks, additions, deletions, next: pos };
}
