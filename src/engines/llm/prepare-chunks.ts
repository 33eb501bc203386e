import picomatch from "picomatch";
import type { RepoConfig } from "../../config/schema.ts";
import type { DiffFile } from "../../review/diff-types.ts";
import { cacheKey } from "./cache-key.ts";
import { chunkFile } from "./chunk-file.ts";
import { type LlmSkippedFile, PROMPT_VERSION, type ReviewChunk } from "./llm-types.ts";
import { prioritizeFiles } from "./prioritize-files.ts";
import { llmSkipReason } from "./skip-reason.ts";

/** Largest chunk (one request's diff), in tokens: small enough to cache hunks, big enough to read. */
export const MAX_CHUNK_TOKENS = 4000;

/** One file the engine will review, cut into chunks with their cache keys. */
export interface PreparedFile {
  file: DiffFile;
  /** The `path_instructions` that apply, in config order. */
  instructions: string[];
  chunks: { chunk: ReviewChunk; key: string }[];
}

/** The files to review, in priority order, and those the engine will not look at. */
export interface PreparedChunks {
  files: PreparedFile[];
  skipped: LlmSkippedFile[];
}

/**
 * Pure: orders the files (source, tests, docs, then larger changes first), sets aside those the
 * model should not read (binary, no patch, lockfiles, deleted), and cuts the others into chunks
 * keyed by path, content, model, prompt version and the instructions that applied.
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
    const chunks = chunkFile(file, MAX_CHUNK_TOKENS).map((chunk) => ({
      chunk,
      key: cacheKey({
        path: file.path,
        contentHash: chunk.contentHash,
        model,
        promptVersion: PROMPT_VERSION,
        instructions,
      }),
    }));
    prepared.push({ file, instructions, chunks });
  }
  return { files: prepared, skipped };
}
