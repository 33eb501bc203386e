import picomatch from "picomatch";
import type { RepoConfig } from "../../config/schema.ts";
import type { DiffFile } from "../../review/diff-types.ts";
import { cacheKey } from "./cache-key.ts";
import { makeChunk, type Piece, splitHunks } from "./chunk-file.ts";
import { type LlmSkippedFile, PROMPT_VERSION, type ReviewChunk } from "./llm-types.ts";
import { prioritizeFiles } from "./prioritize-files.ts";
import { llmSkipReason } from "./skip-reason.ts";

/** Largest chunk (one request's diff), in tokens: small enough to cache hunks, big enough to read. */
export const MAX_CHUNK_TOKENS = 4000;

/**
 * One hunk (or slice of a hunk over {@link MAX_CHUNK_TOKENS}): the unit the cache keys and
 * answers. `chunk` is the hunk alone, for its shown lines, origin and content hash.
 */
export interface PreparedHunk extends Piece {
  chunk: ReviewChunk;
  key: string;
}

/** One file the engine will review, cut into hunks with their cache keys. */
export interface PreparedFile {
  file: DiffFile;
  /** The `path_instructions` that apply, in config order. */
  instructions: string[];
  hunks: PreparedHunk[];
}

/** The files to review, in priority order, and those the engine will not look at. */
export interface PreparedChunks {
  files: PreparedFile[];
  skipped: LlmSkippedFile[];
}

/**
 * Pure: orders the files (source, tests, docs, then larger changes first), sets aside those the
 * model should not read (binary, no patch, lockfiles, deleted), and cuts the others into hunks
 * keyed by path, content (without line numbers), model, prompt version and the instructions
 * that applied. Which hunks go into which request is decided after the cache lookup
 * (`buildRequests`), so a changed hunk never re-sends its unchanged neighbours.
 */
export function prepareChunks(
  files: readonly DiffFile[],
  config: RepoConfig,
  model: string,
): PreparedChunks {
  const matchers = config.review.path_instructions.map((entry) => ({
    matches: picomatch(entry.path, { dot: true }),
    instructions: entry.instructions,
  }));
  const prepared: PreparedFile[] = [];
  const skipped: LlmSkippedFile[] = [];
  for (const file of prioritizeFiles(files)) {
    const reason = llmSkipReason(file);
    if (reason !== null) {
      skipped.push(reason);
      continue;
    }
    if (file.hunks.length === 0) continue;
    const instructions = matchers.filter((m) => m.matches(file.path)).map((m) => m.instructions);
    const hunks = splitHunks(file, MAX_CHUNK_TOKENS).map((piece) => {
      const chunk = makeChunk(file.path, [piece.hunk], 1, 1);
      const key = cacheKey({
        path: file.path,
        contentHash: chunk.contentHash,
        model,
        promptVersion: PROMPT_VERSION,
        instructions,
      });
      return { ...piece, chunk, key };
    });
    prepared.push({ file, instructions, hunks });
  }
  return { files: prepared, skipped };
}
