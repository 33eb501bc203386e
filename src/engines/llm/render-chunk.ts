import type { DiffLine, Hunk } from "../../review/diff-types.ts";
import type { ReviewChunk } from "./llm-types.ts";

/** How to read {@link renderChunk}'s text, in one sentence for the system prompt. */
export const CHUNK_FORMAT_HELP =
  "Each hunk starts with its `@@ -old,count +new,count @@` header, then every line starts with its number and a marker: `12+code` is added line 12 and `13 code` unchanged line 13 of the new file (side RIGHT), `9-code` is deleted line 9 of the old file (side LEFT).";

/** `@@ -a,b +c,d @@ header`: the unified diff's hunk header, so the model sees where it is. */
export function renderHunkHeader(hunk: Hunk): string {
  const header = hunk.header === "" ? "" : ` ${hunk.header}`;
  return `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@${header}\n`;
}

/**
 * One diff line with its number in front of the unified diff's marker: the number of the side a
 * finding on it anchors to (old for deleted lines, new for the others). A line costs its digits
 * more than in the unified diff, and the number ends where the marker starts, so any content
 * (digits included) stays unambiguous.
 */
export function renderDiffLine(line: DiffLine): string {
  if (line.kind === "del") return `${line.oldLine}-${line.content}\n`;
  return `${line.newLine}${line.kind === "add" ? "+" : " "}${line.content}\n`;
}

/** One hunk: its header, then its numbered lines. */
export function renderHunk(hunk: Hunk): string {
  return renderHunkHeader(hunk) + hunk.lines.map(renderDiffLine).join("");
}

/** The numbered diff of one chunk, as the model reads it (format: {@link CHUNK_FORMAT_HELP}). */
export function renderChunk(chunk: ReviewChunk): string {
  return chunk.hunks.map(renderHunk).join("");
}
