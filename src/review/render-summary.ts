import type { LlmCoverage } from "../engines/llm/llm-types.ts";
import type { PlacedFinding, Severity, Verdict } from "./finding.ts";
import { type DispositionRow, renderDispositionTable } from "./render-disposition-table.ts";
import { escapeInline, inlineCode, sanitizeBody, tableCell } from "./render-escape.ts";
import { renderLlmCoverage } from "./render-llm-coverage.ts";
import { describeLocation } from "./render-location.ts";
import { severityLabel } from "./render-severity.ts";
import {
  BODY_LIMIT,
  type ElasticSection,
  fitSections,
  listSection,
  truncateMarkdown,
} from "./render-truncate.ts";
import type { SeverityCounts } from "./verdict.ts";

/** A file the pass did not review, and why (`lockfile`, `binary`, `excluded by review.paths`, …). */
export interface SkippedFile {
  path: string;
  reason: string;
}

/** An engine failure or malformed engine output, reported instead of posted. */
export interface EngineError {
  engine: string;
  message: string;
}

/** What the pass looked at. */
export interface Coverage {
  filesReviewed: number;
  filesSkipped: readonly SkippedFile[];
  /** GitHub lists at most 3,000 files; true when the pull request has more. */
  truncatedAt3000?: boolean;
  engineErrors: readonly EngineError[];
  /** What the LLM engine did (absent when none ran: nothing about it is shown). */
  llm?: LlmCoverage;
}

/** Everything the review summary shows. */
export interface SummaryInput {
  verdict: Verdict;
  counts: SeverityCounts;
  blockingSeverity: Severity;
  /** Remediation round `k` of `max`; omitted outside the loop. */
  round?: { k: number; max: number };
  /** The commits reviewed: full or 7+-character shas; `incremental` = only what the fixer changed. */
  commits: { base: string; head: string; mode: "full" | "incremental" };
  coverage: Coverage;
  /** Every finding of the pass, placed. */
  findings: readonly PlacedFinding[];
  /** Optional link per finding id (inline comment or blob URL). */
  links?: Readonly<Record<string, string>>;
  /** The disposition table rows shown (most urgent first); see docs/remediation.md, "Verification". */
  dispositions?: readonly DispositionRow[];
  /** Rows of the table left out of the summary (the check run's details hold them all). */
  dispositionsOmitted?: number;
  /** The hidden pass marker ({@link passMarker}); placed first so truncation never removes it. */
  marker?: string;
}

const SEVERITY_ORDER: readonly Severity[] = ["critical", "warning", "info"];
const MAX_ERROR_LENGTH = 500;

/**
 * The review body and check-run summary: verdict, counts by severity, round, commits reviewed,
 * all findings, the full text of findings that could not be posted inline, the disposition table,
 * coverage (skipped files with reasons, engine errors, what the LLM engine did and the files it
 * skipped) and the pass marker. Never longer than
 * `limit`; whatever is cut is announced with a count.
 */
export function renderSummary(input: SummaryInput, limit = BODY_LIMIT): string {
  const head = [
    ...(input.marker === undefined ? [] : [input.marker]),
    `### ${heading(input)}`,
    verdictLine(input),
    countsTable(input.counts),
  ].join("\n\n");
  const llm = input.coverage.llm === undefined ? undefined : renderLlmCoverage(input.coverage.llm);
  const coverage = coverageLines(input, llm?.line);
  const render = createRenderers();

  const sections = {
    findings: listSection(
      "#### Findings\n\n| ID | severity | where | finding | shown |\n| --- | --- | --- | --- | --- |",
      findingRows(input, render),
      (n) => `\n_… ${n} more findings not shown; see the check run._`,
      { titleSeparator: "\n" },
    ),
    outside: listSection(
      "#### Not posted inline\n\nThese are outside the diff (GitHub accepts no comment there) or beyond the inline-comment limit.",
      input.findings
        .filter((f) => f.placement === "summary")
        .map((f) => findingDetail(f, input, render)),
      (n) => `_… ${n} more findings not shown; see the check run._`,
      { separator: "\n\n" },
    ),
    dispositions: dispositionSection(input.dispositions ?? [], input.dispositionsOmitted ?? 0),
    errors: listSection(
      "**Engine errors** (their findings are missing from this review)",
      input.coverage.engineErrors.map(
        (e) => `- ${inlineCode(e.engine)}: ${escapeInline(clip(e.message, MAX_ERROR_LENGTH))}`,
      ),
      (n) => `- _… ${n} more engine errors not shown._`,
    ),
    skipped: listSection(
      `**Skipped files (${input.coverage.filesSkipped.length})**`,
      input.coverage.filesSkipped.map((s) => `- ${inlineCode(s.path)} — ${escapeInline(s.reason)}`),
      (n) => `- _… ${n} more skipped files not shown._`,
    ),
    llmReviewed: llm?.reviewed ?? { need: 0, render: () => "" },
    llmSkipped: llm?.skipped ?? { need: 0, render: () => "" },
  };
  const keys = Object.keys(sections) as (keyof typeof sections)[];
  // 2 characters of separator per part, plus slack for the parts' own rounding.
  const budget = limit - head.length - coverage.length - 2 * (keys.length + 2) - 16;
  const fitted = fitSections(
    keys.map((k) => sections[k]),
    budget,
  );
  const part = Object.fromEntries(keys.map((k, i) => [k, fitted[i]])) as Record<
    keyof typeof sections,
    string
  >;

  const body = [
    head,
    part.findings,
    part.outside,
    part.dispositions,
    coverage,
    part.llmReviewed,
    part.errors,
    part.skipped,
    part.llmSkipped,
  ]
    .filter((text) => text !== "")
    .join("\n\n");
  // The budget above is exact by construction; this only guards against a future miscount.
  return truncateMarkdown(body, limit, "_… cut to fit GitHub's size limit; see the check run._");
}

function dispositionSection(rows: readonly DispositionRow[], omitted: number): ElasticSection {
  if (rows.length === 0) return { need: 0, render: () => "" };
  const title = "#### Dispositions\n\n";
  const more =
    omitted > 0
      ? `\n\n_… ${omitted} more ${omitted === 1 ? "row" : "rows"} in the check run's details (the full table)._`
      : "";
  const full = `${title}${renderDispositionTable(rows, Number.POSITIVE_INFINITY)}${more}`;
  return {
    need: full.length,
    render: (budget) =>
      full.length <= budget
        ? full
        : `${title}${renderDispositionTable(rows, budget - title.length)}`,
  };
}

function heading(input: SummaryInput): string {
  const total = input.findings.length;
  switch (input.verdict) {
    case "request_changes":
      return "❌ reviewloop: changes requested";
    case "approve":
      return "✅ reviewloop: approved";
    case "comment": {
      if (total > 0) return "💬 reviewloop: no blocking findings";
      const quiet = quietCounts(input.dispositions ?? []);
      return quiet === ""
        ? "✅ reviewloop: no findings"
        : `✅ reviewloop: no open findings (${quiet})`;
    }
  }
}

/**
 * "2 disputed, 1 deferred": findings the author disputed or deferred are not raised again, but
 * they are not gone either; the heading says so instead of "no findings" (the table lists them).
 */
function quietCounts(rows: readonly DispositionRow[]): string {
  const disputed = rows.filter((row) => row.verified === "disputed").length;
  const deferred = rows.filter((row) => row.verified === "deferred").length;
  return [
    ...(disputed > 0 ? [`${disputed} disputed`] : []),
    ...(deferred > 0 ? [`${deferred} deferred`] : []),
  ].join(", ");
}

function verdictLine(input: SummaryInput): string {
  const blocking = input.findings.filter(
    (f) => SEVERITY_ORDER.indexOf(f.severity) <= SEVERITY_ORDER.indexOf(input.blockingSeverity),
  ).length;
  const parts = [
    blocking === 0
      ? `Nothing blocks (blocking: ${input.blockingSeverity} and above).`
      : `**${blocking} blocking ${blocking === 1 ? "finding" : "findings"}** (${input.blockingSeverity} and above).`,
  ];
  if (input.round !== undefined) parts.push(`Round ${input.round.k}/${input.round.max}.`);
  const { base, head, mode } = input.commits;
  parts.push(
    `Commits ${inlineCode(`${shortSha(base)}..${shortSha(head)}`)} (${mode === "full" ? "full review" : "incremental: only what changed since the last pass"}).`,
  );
  return parts.join(" ");
}

function countsTable(counts: SeverityCounts): string {
  const labels = SEVERITY_ORDER.map(severityLabel);
  return [
    `| ${labels.join(" | ")} |`,
    `| ${labels.map(() => "---:").join(" | ")} |`,
    `| ${SEVERITY_ORDER.map((s) => counts[s]).join(" | ")} |`,
  ].join("\n");
}

/**
 * Escapers for one summary, each remembering what it rendered: findings of one rule share their
 * title and category and often their body, and a large pull request repeats them hundreds of times.
 */
interface Renderers {
  cell(text: string): string;
  inline(text: string): string;
  body(text: string): string;
}

function createRenderers(): Renderers {
  return {
    cell: memoize(tableCell),
    inline: memoize((text) => escapeInline(text)),
    body: memoize((text) =>
      truncateMarkdown(
        sanitizeBody(text.trim()),
        4_000,
        "_… the rest of this finding was cut; see the check run._",
      ),
    ),
  };
}

function memoize(render: (text: string) => string): (text: string) => string {
  const done = new Map<string, string>();
  return (text) => {
    let out = done.get(text);
    if (out === undefined) {
      out = render(text);
      done.set(text, out);
    }
    return out;
  };
}

function findingRows(input: SummaryInput, render: Renderers): string[] {
  return input.findings.map(
    (f) =>
      `| ${render.cell(f.id)} | ${severityLabel(f.severity)} | ${where(f, input, true)} | ${render.cell(f.title)} | ${f.placement} |`,
  );
}

function findingDetail(f: PlacedFinding, input: SummaryInput, render: Renderers): string {
  const title = `**${render.cell(f.id)}** · ${severityLabel(f.severity)} · ${render.inline(f.category)} · ${where(f, input, false)} — **${render.inline(f.title)}**`;
  const body = render.body(f.body);
  return body === "" ? title : `${title}\n\n${body}`;
}

function where(f: PlacedFinding, input: SummaryInput, inTable: boolean): string {
  const code = inlineCode(describeLocation(f), inTable);
  const link = input.links?.[f.id];
  return link === undefined ? code : `[${code}](${link.replace(/[\s()]/g, encodeURIComponent)})`;
}

function coverageLines(input: SummaryInput, llmLine: string | undefined): string {
  const { filesReviewed, filesSkipped, truncatedAt3000 } = input.coverage;
  const total = filesReviewed + filesSkipped.length;
  const lines = [
    "#### Coverage",
    `Reviewed ${filesReviewed} of ${total} changed ${total === 1 ? "file" : "files"}${filesSkipped.length > 0 ? `; ${filesSkipped.length} skipped (listed below)` : ""}.`,
  ];
  if (truncatedAt3000) {
    lines.push(
      "> ⚠️ GitHub lists at most 3,000 files of a pull request; files beyond that were not reviewed.",
    );
  }
  if (llmLine !== undefined) lines.push(llmLine);
  return lines.join("\n\n");
}

function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
