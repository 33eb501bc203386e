import { createHash } from "node:crypto";
import type { DiffFile, DiffLine, Hunk } from "../../review/diff-types.ts";
import { countTokens } from "./count-tokens.ts";
import type { ReviewChunk } from "./llm-types.ts";
import { renderDiffLine, renderHunk, renderHunkHeader } from "./render-chunk.ts";

/** A hunk (or a slice of one) with the tokens of its rendered text: the cache's unit. */
export interface Piece {
  hunk: Hunk;
  tokens: number;
}

const MARKERS = { add: "+", del: "-", context: " " } as const;

/**
 * Splits one file's diff into requests: consecutive hunks grouped while the rendered text
 * ({@link renderHunk}) stays within `maxChunkTokens`; a hunk larger than that is cut at line
 * boundaries into slices, each a valid hunk of its own. Token counts add up across lines
 * because every rendered line ends with `\n` and the next starts with a digit or `@@`, where
 * the tokenizer always splits. A single line over the limit is sent alone, over the limit.
 * A file without hunks (binary, rename only) yields no chunk.
 */
export function chunkFile(file: DiffFile, maxChunkTokens: number): ReviewChunk[] {
  return groupPieces(file.path, splitHunks(file, maxChunkTokens), maxChunkTokens).map(
    (group) => group.chunk,
  );
}

/** The file's hunks, each whole when it fits in `maxChunkTokens`, else cut into slices. */
export function splitHunks(file: DiffFile, maxChunkTokens: number): Piece[] {
  return file.hunks.flatMap((hunk) => toPieces(hunk, maxChunkTokens));
}

/**
 * Groups pieces of one file, in order, into chunks of at most `maxChunkTokens` (a piece over
 * the limit goes alone), each with the pieces it holds.
 */
export function groupPieces<T extends Piece>(
  path: string,
  pieces: readonly T[],
  maxChunkTokens: number,
): { chunk: ReviewChunk; pieces: T[] }[] {
  const groups: T[][] = [];
  let current: T[] = [];
  let tokens = 0;
  for (const piece of pieces) {
    if (current.length > 0 && tokens + piece.tokens > maxChunkTokens) {
      groups.push(current);
      current = [];
      tokens = 0;
    }
    current.push(piece);
    tokens += piece.tokens;
  }
  if (current.length > 0) groups.push(current);
  return groups.map((group, index) => ({
    chunk: makeChunk(
      path,
      group.map((piece) => piece.hunk),
      index + 1,
      groups.length,
    ),
    pieces: group,
  }));
}

/** The hunk whole when it fits, else its slices. */
function toPieces(hunk: Hunk, maxTokens: number): Piece[] {
  const tokens = countTokens(renderHunk(hunk));
  if (tokens <= maxTokens) return [{ hunk, tokens }];
  // A header with the hunk's largest numbers costs at least as many tokens as any slice's.
  const headerTokens = countTokens(
    renderHunkHeader({
      ...hunk,
      oldStart: hunk.oldStart + hunk.oldLines,
      newStart: hunk.newStart + hunk.newLines,
    }),
  );
  const lineTokens = hunk.lines.map((line) => countTokens(renderDiffLine(line)));
  const pieces: Piece[] = [];
  let nextOld = hunk.oldLines > 0 ? hunk.oldStart : hunk.oldStart + 1;
  let nextNew = hunk.newLines > 0 ? hunk.newStart : hunk.newStart + 1;
  let index = 0;
  while (index < hunk.lines.length) {
    const start = index;
    let sliceTokens = headerTokens;
    while (
      index < hunk.lines.length &&
      (index === start || sliceTokens + lineTokens[index] <= maxTokens)
    ) {
      sliceTokens += lineTokens[index];
      index++;
    }
    const slice = makeSlice(hunk.header, hunk.lines.slice(start, index), nextOld, nextNew);
    pieces.push({ hunk: slice, tokens: countTokens(renderHunk(slice)) });
    nextOld = slice.oldStart + (slice.oldLines > 0 ? slice.oldLines : 1);
    nextNew = slice.newStart + (slice.newLines > 0 ? slice.newLines : 1);
  }
  return pieces;
}

/**
 * A hunk of `lines` whose first old/new line would be `nextOld`/`nextNew`. As in unified diffs,
 * a side without lines starts at the line before the change.
 */
function makeSlice(header: string, lines: DiffLine[], nextOld: number, nextNew: number): Hunk {
  const oldLines = lines.filter((line) => line.kind !== "add").length;
  const newLines = lines.filter((line) => line.kind !== "del").length;
  return {
    oldStart: oldLines > 0 ? nextOld : nextOld - 1,
    oldLines,
    newStart: newLines > 0 ? nextNew : nextNew - 1,
    newLines,
    header,
    lines,
  };
}

/** The chunk of `hunks` (part `part` of `parts`): lines shown, origin, content hash, bytes. */
export function makeChunk(path: string, hunks: Hunk[], part: number, parts: number): ReviewChunk {
  const right = new Set<number>();
  const left = new Set<number>();
  let diffBytes = 0;
  for (const line of hunks.flatMap((hunk) => hunk.lines)) {
    if (line.kind === "del") left.add(line.oldLine!);
    else right.add(line.newLine!);
    diffBytes += Buffer.byteLength(`${MARKERS[line.kind]}${line.content}\n`);
  }
  const shown = {
    RIGHT: [...right].sort((a, b) => a - b),
    LEFT: [...left].sort((a, b) => a - b),
  };
  return {
    path,
    part,
    parts,
    hunks,
    shown,
    origin: { RIGHT: shown.RIGHT[0] ?? 0, LEFT: shown.LEFT[0] ?? 0 },
    contentHash: hashContent(hunks),
    diffBytes,
  };
}

/**
 * sha256 of what the model reads without its position: line kinds and text, hunk header text,
 * and each hunk's start relative to the chunk's first hunk (so a gap that grew inside the chunk,
 * which would shift cached findings, changes the hash while a chunk that only moved keeps it).
 */
function hashContent(hunks: readonly Hunk[]): string {
  const hash = createHash("sha256");
  const [first] = hunks;
  for (const hunk of hunks) {
    const oldOffset = hunk.oldStart - first.oldStart;
    const newOffset = hunk.newStart - first.newStart;
    hash.update(`@${oldOffset},${newOffset} ${hunk.header}\n`);
    for (const line of hunk.lines) hash.update(`${MARKERS[line.kind]}${line.content}\n`);
  }
  return hash.digest("hex");
}
