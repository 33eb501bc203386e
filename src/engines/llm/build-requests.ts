import type { Logger } from "pino";
import { z } from "zod";
import { groupPieces } from "./chunk-file.ts";
import { countTokens } from "./count-tokens.ts";
import { enclosingScope } from "./enclosing-scope.ts";
import { modelOutputSchema } from "./llm-output-schema.ts";
import type { CachedChunk, ReviewChunk } from "./llm-types.ts";
import { mapLimit } from "./map-limit.ts";
import { MAX_CHUNK_TOKENS, type PreparedFile, type PreparedHunk } from "./prepare-chunks.ts";
import { renderChunk } from "./render-chunk.ts";
import { renderPrompt, SYSTEM_PROMPT } from "./render-prompt.ts";

/** One request the pass may send: hunks the cache does not hold, its prompt and its size. */
export interface ChunkRequest {
  path: string;
  /** The request's identity: its hunks' cache keys joined (requests with the same go once). */
  key: string;
  chunk: ReviewChunk;
  /** The hunks in `chunk`, each answered into the cache under its own key. */
  hunks: PreparedHunk[];
  prompt: string;
  /** Tokens of the system prompt, the output schema and this prompt (the budget's measure). */
  tokens: number;
}

/** Options of {@link buildRequests}. */
export interface BuildOptions {
  pr: { title: string; body: string };
  /** Reads at most this many head files at once. */
  concurrency: number;
  /** The head's content of a file; null (or absent) = no enclosing scope is added. */
  readFile?: (path: string) => Promise<string | null>;
  /** Told of a head file that could not be read. */
  log?: Pick<Logger, "warn">;
}

/**
 * The requests for every hunk missing from the cache, in priority order: per file, the missing
 * hunks grouped in order up to {@link MAX_CHUNK_TOKENS} per request (cached hunks are not sent,
 * even between two that are). A modified file's head content is read once per pass, and only
 * when one of its hunks must be sent: the enclosing scope lines (the function or class a hunk
 * sits in) come from it. A file that cannot be read is reviewed without them.
 */
export async function buildRequests(
  files: readonly PreparedFile[],
  cached: ReadonlyMap<string, CachedChunk>,
  options: BuildOptions,
): Promise<ChunkRequest[]> {
  // Every request also carries the system prompt and the output's JSON schema.
  const systemTokens =
    countTokens(SYSTEM_PROMPT) + countTokens(JSON.stringify(z.toJSONSchema(modelOutputSchema)));
  const needing = files.filter((f) => f.hunks.some((h) => !cached.has(h.key)));
  const contents = await mapLimit(needing, options.concurrency, (f) => readHead(f, options));
  const requests: ChunkRequest[] = [];
  needing.forEach((prepared, i) => {
    const content = contents[i] ?? null;
    const missing = prepared.hunks.filter((h) => !cached.has(h.key));
    for (const { chunk, pieces } of groupPieces(prepared.file.path, missing, MAX_CHUNK_TOKENS)) {
      const scope =
        content !== null && chunk.origin.RIGHT > 0
          ? enclosingScope(
              content,
              chunk.origin.RIGHT,
              shownText(chunk),
              chunk.hunks[0]?.header ?? "",
            )
          : [];
      const prompt = renderPrompt({
        chunk,
        chunkText: renderChunk(chunk),
        scope,
        instructions: prepared.instructions,
        pr: options.pr,
      });
      requests.push({
        path: prepared.file.path,
        key: pieces.map((h) => h.key).join(","),
        chunk,
        hunks: pieces,
        prompt,
        tokens: systemTokens + countTokens(prompt),
      });
    }
  });
  return requests;
}

async function readHead(prepared: PreparedFile, options: BuildOptions): Promise<string | null> {
  // An added file's hunk is the whole file: there is nothing around it to read.
  if (options.readFile === undefined || prepared.file.status === "added") return null;
  try {
    return await options.readFile(prepared.file.path);
  } catch (error) {
    // Context is a nicety: a 5xx or a rate limit on the read must not cost the file its review.
    options.log?.warn(
      { path: prepared.file.path, error: (error as Error).message },
      "head file not read: reviewed without its enclosing lines",
    );
    return null;
  }
}

function shownText(chunk: ReviewChunk): string[] {
  return chunk.hunks.flatMap((h) => h.lines.map((l) => l.content));
}
