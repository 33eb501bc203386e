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
    const head = parseHunkHeader(text.slice(pos, end));
    if (!head) break;
    pos = end + 1;
    const out: DiffLine[] = [];
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
        if (out.length > 0) out[out.length - 1]!.noNewlineAtEnd = true;
        pos = end + 1;
        continue;
      }
      if (oldLeft === 0 && newLeft === 0) break;
      // The content without its marker and without the `\r` of a CRLF line ending.
      const contentEnd = end > pos && text.charCodeAt(end - 1) === CODE_CR ? end - 1 : end;
      if (code === CODE_SPACE || end === pos) {
        if (oldLeft === 0 || newLeft === 0) break;
        out.push({
          kind: "context",
          content: text.slice(pos + 1, contentEnd),
          oldLine: oldNo++,
          newLine: newNo++,
        });
        oldLeft--;
        newLeft--;
      } else if (code === CODE_MINUS) {
        if (oldLeft === 0) break;
        out.push({
          kind: "del",
          content: text.slice(pos + 1, contentEnd),
          oldLine: oldNo++,
          newLine: null,
        });
        oldLeft--;
        deletions++;
      } else if (code === CODE_PLUS) {
        if (newLeft === 0) break;
        out.push({
          kind: "add",
          content: text.slice(pos + 1, contentEnd),
          oldLine: null,
          newLine: newNo++,
        });
        newLeft--;
        additions++;
      } else {
        break;
      }
      pos = end + 1;
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
  return { hunks, additions, deletions, next: pos };
}
