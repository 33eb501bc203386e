import type { Finding } from "../../review/finding.ts";
import { type CachedChunk, LlmOutputError } from "./llm-types.ts";
import type { PreparedFile } from "./prepare-chunks.ts";
import { fromRelative } from "./relative-findings.ts";
import type { ChunkResult } from "./send-requests.ts";
import { toFindings } from "./to-findings.ts";

/** A chunk whose request failed. */
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
  cacheHits: number;
  requests: number;
  /** Chunks the model answered this pass. */
  answered: number;
  movedToSummary: number;
  dropped: number;
  repaired: number;
}

const SHORT = 160;

/**
 * Pure: turns cached answers (re-anchored to where their chunk is now) and this pass's answers
 * into findings, in file priority and chunk order, and counts what the coverage shows. Chunks
 * neither cached nor answered (over the budget) produce nothing.
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
  const counted = new Set<string>();
  for (const { file, chunks } of files) {
    for (const { chunk, key } of chunks) {
      const hit = cached.get(key);
      const result = hit === undefined ? results.get(key) : undefined;
      let answer = hit === undefined ? undefined : fromRelative(hit.findings, chunk.origin);
      if (hit !== undefined) out.cacheHits++;
      if (result !== undefined && "error" in result) {
        if (!counted.has(key)) {
          counted.add(key);
          out.requests++;
          if (result.error instanceof LlmOutputError) {
            out.requests++;
            out.tokensIn += result.error.tokensIn;
            out.tokensOut += result.error.tokensOut;
          }
        }
        const where =
          chunk.parts > 1 ? `${file.path} (part ${chunk.part} of ${chunk.parts})` : file.path;
        out.failures.push({
          path: file.path,
          message: `${where}: ${result.error.message}`,
          short: clip(result.error.message),
        });
        continue;
      }
      if (result !== undefined) {
        answer = result.answer.findings;
        // Two chunks with the same key share one request: count it once.
        if (!counted.has(key)) {
          counted.add(key);
          out.tokensIn += result.answer.tokensIn;
          out.tokensOut += result.answer.tokensOut;
          out.requests += result.answer.requests;
          out.answered++;
          if (result.answer.repaired) out.repaired++;
          if (result.cacheError !== undefined) out.cacheErrors.push(result.cacheError);
        }
      }
      if (answer === undefined) continue;
      const converted = toFindings(answer, chunk);
      out.findings.push(...converted.findings);
      out.movedToSummary += converted.movedToSummary;
      out.dropped += converted.dropped;
    }
  }
  return out;
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= SHORT ? line : `${line.slice(0, SHORT - 1)}…`;
}
