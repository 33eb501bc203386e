import type { LlmCoverage, LlmSkippedFile } from "../engines/llm/llm-types.ts";
import { escapeInline, inlineCode } from "./render-escape.ts";
import { type ElasticSection, listSection } from "./render-truncate.ts";

/** The LLM engine's part of the summary's coverage: one line, and its skipped files. */
export interface RenderedLlmCoverage {
  /** `**LLM review** (model): files · tokens · cache hits · …`, or `**LLM review:** off — why`. */
  line: string;
  /** `LLM skipped files (n)` with reason and detail per file; shortened to its budget. */
  skipped: ElasticSection;
}

const EMPTY: ElasticSection = { need: 0, render: () => "" };

/**
 * What the LLM engine did in a pass, for the review summary and the check run (which show the
 * same body): model, files reviewed of those it was given, provider-reported tokens, cache hits
 * of the hunks — always, zero or not — then the findings it moved, dropped or merged and the
 * answers it repaired (only when there are any), and the files it skipped, each with why.
 * Everything from outside (model, paths, reasons, details) is escaped.
 */
export function renderLlmCoverage(coverage: LlmCoverage): RenderedLlmCoverage {
  if (coverage.state === "off") {
    return { line: `**LLM review:** off — ${escapeInline(coverage.reason)}`, skipped: EMPTY };
  }
  const total = new Set([
    ...coverage.filesReviewed,
    ...coverage.filesSkipped.map((file) => file.path),
  ]).size;
  const clauses = [
    `${count(coverage.filesReviewed.length)} of ${plural(total, "file")} reviewed`,
    `${count(coverage.tokensIn)} tokens in, ${count(coverage.tokensOut)} out`,
    `${count(coverage.cacheHits)} of ${plural(coverage.chunks, "hunk")} from the cache`,
  ];
  const handled = findingsHandled(coverage);
  if (handled !== "") clauses.push(handled);
  if (coverage.repaired > 0) {
    clauses.push(`${plural(coverage.repaired, "answer")} repaired after invalid output`);
  }
  return {
    line: `**LLM review** (${inlineCode(coverage.model)}): ${clauses.join(" · ")}`,
    skipped: skippedSection(coverage.filesSkipped),
  };
}

/** `1 finding moved to the summary (…), 2 dropped (…), 1 merged with a builtin finding`. */
function findingsHandled(coverage: { movedToSummary: number; dropped: number; merged: number }) {
  const parts = [
    [coverage.movedToSummary, "moved to the summary (outside the lines shown)"],
    [coverage.dropped, "dropped (path not in the diff, or line 0)"],
    [coverage.merged, "merged with a builtin finding"],
  ] as const;
  return parts
    .filter(([n]) => n > 0)
    .map(([n, what], i) => `${i === 0 ? plural(n, "finding") : count(n)} ${what}`)
    .join(", ");
}

function skippedSection(files: readonly LlmSkippedFile[]): ElasticSection {
  return listSection(
    `**LLM skipped files (${count(files.length)})**`,
    files.map(
      (file) =>
        `- ${inlineCode(file.path)} — ${escapeInline(file.reason)}${file.detail === undefined || file.detail === "" ? "" : ` (${escapeInline(file.detail)})`}`,
    ),
    (n) => `- _… ${count(n)} more LLM skipped files not shown._`,
  );
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

function plural(n: number, noun: string): string {
  return `${count(n)} ${n === 1 ? noun : `${noun}s`}`;
}
