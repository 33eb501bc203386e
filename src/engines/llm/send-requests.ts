import type { ChunkRequest } from "./build-requests.ts";
import type { LlmCache, LlmClient, ModelAnswer } from "./llm-types.ts";
import { mapLimit } from "./map-limit.ts";
import { toRelative } from "./relative-findings.ts";
import { SYSTEM_PROMPT } from "./render-prompt.ts";
import { splitFindings } from "./split-findings.ts";

/** How one request ended. */
export type ChunkResult =
  | {
      request: ChunkRequest;
      answer: ModelAnswer;
      /** The answer is used, but the cache could not keep it (the next pass asks again). */
      cacheError?: string;
    }
  | { request: ChunkRequest; error: Error };

/** Options of {@link sendRequests}. */
export interface SendOptions {
  cache: LlmCache;
  concurrency: number;
  signal?: AbortSignal;
}

/**
 * Sends the requests, at most `concurrency` at once, and stores each valid answer in the cache
 * as soon as it arrives (a pass that crashes later re-sends only what was not answered): one
 * entry per hunk of the request, with the findings on that hunk (`splitFindings`) relative to
 * it, and the request's tokens shared by the hunks' sizes. Requests with the same key are sent
 * once. A failed request is returned as an error, never thrown; an
 * aborted pass (lease lost, shutdown) throws.
 */
export async function sendRequests(
  client: LlmClient,
  requests: readonly ChunkRequest[],
  options: SendOptions,
): Promise<Map<string, ChunkResult>> {
  const unique = [...new Map(requests.map((r) => [r.key, r])).values()];
  const results = await mapLimit(unique, options.concurrency, async (request) => {
    options.signal?.throwIfAborted();
    let answer: ModelAnswer;
    try {
      answer = await client.review(
        { system: SYSTEM_PROMPT, prompt: request.prompt },
        options.signal,
      );
    } catch (error) {
      if (options.signal?.aborted) throw error;
      return { request, error: error as Error } satisfies ChunkResult;
    }
    try {
      const byHunk = splitFindings(answer.findings, request.hunks);
      const total = request.hunks.reduce((n, h) => n + h.tokens, 0) || 1;
      for (const [i, hunk] of request.hunks.entries()) {
        await options.cache.put(hunk.key, {
          findings: toRelative(byHunk[i] ?? [], hunk.chunk.origin),
          tokensIn: Math.round((answer.tokensIn * hunk.tokens) / total),
          tokensOut: Math.round((answer.tokensOut * hunk.tokens) / total),
        });
      }
      return { request, answer } satisfies ChunkResult;
    } catch (error) {
      return { request, answer, cacheError: (error as Error).message } satisfies ChunkResult;
    }
  });
  return new Map(results.map((r) => [r.request.key, r]));
}
