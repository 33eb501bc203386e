import type { LlmCoverage, LlmSkippedFile } from "../engines/llm/llm-types.ts";
import { escapeInline, inlineCode } from "./render-escape.ts";
import {
  type ElasticSection,
  joinTaken,
  listSection,
  takeWithinBudget,
} from "./render-truncate.ts";

/** The LLM engine's part of the summary's coverage: one line, and its skipped files. */
export interface RenderedLlmCoverage {
  /** `**LLM review** (model): files · tokens · cache hits · …`, or `**LLM review:** off — why`. */
  line: string;
  /** `LLM reviewed files (n): a, b, … and k more`: at most {@link MAX_REVIEWED_LISTED} names. */
  reviewed: ElasticSection;
  /** `LLM skipped files (n)` with reason and detail per file; shortened to its budget. */
  skipped: ElasticSection;
}

/** The reviewed files named in the summary; the others are counted. */
export const MAX_REVIEWED_LISTED = 20;

const EMPTY: ElasticSection = { need: 0, render: () => "" };

/**
 * What the LLM engine did in a pass, for the review summary and the check run (which show the
 * same body): model, files reviewed of those it was given, provider-reported tokens, cache hits
 * of the hunks — always, zero or not — then the findings it moved, dropped or merged and the
 * answers it repaired (only when there are any), the files it reviewed (the first
 * {@link MAX_REVIEWED_LISTED} by name) and the files it skipped, each with why.
 * Everything from outside (model, paths, reasons, details) is escaped.
 */
export function renderLlmCoverage(coverage: LlmCoverage): RenderedLlmCoverage {
  if (coverage.state === "off") {
    return {
      line: `**LLM review:** off — ${escapeInline(coverage.reason)}`,
      reviewed: EMPTY,
      skipped: EMPTY,
    };
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
    reviewed: reviewedSection(coverage.filesReviewed),
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

/** One paragraph: the reviewed paths, comma-separated, the rest counted; shortened to its budget. */
function reviewedSection(paths: readonly string[]): ElasticSection {
  if (paths.length === 0) return EMPTY;
  const title = `**LLM reviewed files (${count(paths.length)}):** `;
  const names = paths.slice(0, MAX_REVIEWED_LISTED).map((path) => inlineCode(path));
  const beyond = paths.length - names.length;
  const more = (n: number) => `… and ${count(n + beyond)} more`;
  const full = title + (beyond > 0 ? [...names, more(0)] : names).join(", ");
  return {
    need: full.length,
    render(budget) {
      if (full.length <= budget) return full;
      return (
        title + joinTaken(takeWithinBudget(names, budget - title.length, more, ", "), more, ", ")
      );
    },
  };
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
