import type { Finding } from "../../review/finding.ts";
import {
  type CachedChunk,
  LlmOutputError,
  type ModelFinding,
  type ReviewChunk,
} from "./llm-types.ts";
import type { PreparedFile } from "./prepare-chunks.ts";
import { fromRelative } from "./relative-findings.ts";
import type { ChunkResult } from "./send-requests.ts";
import { toFindings } from "./to-findings.ts";

/** A request that failed. */
export interface ChunkFailure {
  path: string;
  /** For the engine errors: which file and part, and why. */
  message: string;
  /** For the skipped-files list. */
  short: string;
}

/** Everything the chunks of a pass produced, with the figures of the coverage report. */
export interface CollectedAnswers {
  findings: Finding[];
  failures: ChunkFailure[];
  /** Answers the cache could not keep (logged; the next pass asks again). */
  cacheErrors: string[];
  tokensIn: number;
  tokensOut: number;
  /** Hunks answered from the cache. */
  cacheHits: number;
  requests: number;
  /** Hunks the model answered this pass. */
  answered: number;
  movedToSummary: number;
  dropped: number;
  repaired: number;
}

const SHORT = 160;

/**
 * Pure: turns cached answers (each hunk's, re-anchored to where the hunk is now) and this pass's
 * answers (each request's, on the chunk it showed) into findings, in file priority and hunk
 * order, and counts what the coverage shows: cache hits and answers per hunk, tokens and
 * requests per request. Hunks neither cached nor answered (over the budget) produce nothing.
 */
export function collectAnswers(
  files: readonly PreparedFile[],
  cached: ReadonlyMap<string, CachedChunk>,
  results: ReadonlyMap<string, ChunkResult>,
): CollectedAnswers {
  const out: CollectedAnswers = {
    findings: [],
    failures: [],
    cacheErrors: [],
    tokensIn: 0,
    tokensOut: 0,
    cacheHits: 0,
    requests: 0,
    answered: 0,
    movedToSummary: 0,
    dropped: 0,
    repaired: 0,
  };
  const byHunk = new Map<string, ChunkResult>();
  for (const result of results.values()) {
    for (const hunk of result.request.hunks) byHunk.set(hunk.key, result);
  }
  const counted = new Set<string>();
  const convert = (answer: readonly ModelFinding[], chunk: ReviewChunk) => {
    const converted = toFindings(answer, chunk);
    out.findings.push(...converted.findings);
    out.movedToSummary += converted.movedToSummary;
    out.dropped += converted.dropped;
  };
  for (const { file, hunks } of files) {
    const done = new Set<ChunkResult>();
    for (const hunk of hunks) {
      const hit = cached.get(hunk.key);
      if (hit !== undefined) {
        out.cacheHits++;
        convert(fromRelative(hit.findings, hunk.chunk.origin), hunk.chunk);
        continue;
      }
      const result = byHunk.get(hunk.key);
      // Over the budget, or its request's findings are already in (at its first hunk).
      if (result === undefined || done.has(result)) continue;
      done.add(result);
      const { request } = result;
      // Two requests with the same key share one HTTP request: count it once.
      const first = !counted.has(request.key);
      counted.add(request.key);
      if ("error" in result) {
        if (first) {
          out.requests++;
          if (result.error instanceof LlmOutputError) {
            out.requests++;
            out.tokensIn += result.error.tokensIn;
            out.tokensOut += result.error.tokensOut;
          }
        }
        const { chunk } = request;
        const where =
          chunk.parts > 1 ? `${file.path} (part ${chunk.part} of ${chunk.parts})` : file.path;
        out.failures.push({
          path: file.path,
          message: `${where}: ${result.error.message}`,
          short: clip(result.error.message),
        });
        continue;
      }
      if (first) {
        out.tokensIn += result.answer.tokensIn;
        out.tokensOut += result.answer.tokensOut;
        out.requests += result.answer.requests;
        out.answered += request.hunks.length;
        if (result.answer.repaired) out.repaired++;
        if (result.cacheError !== undefined) out.cacheErrors.push(result.cacheError);
      }
      convert(result.answer.findings, request.chunk);
    }
  }
  return out;
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= SHORT ? line : `${line.slice(0, SHORT - 1)}…`;
}
