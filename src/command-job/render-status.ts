import type { LlmCoverage } from "../engines/llm/llm-types.ts";
import type { LoopState, LoopStatus } from "../loop/types.ts";
import { describeDiagnostics, renderLogTail } from "../remediation/render-diagnostics.ts";
import type { AttemptDiagnostics } from "../remediation/run-diagnostics.ts";
import { isAtLeast, type Severity } from "../review/finding.ts";
import { DISPOSITION_ROW_LIMIT } from "../review/order-disposition-rows.ts";
import { type DispositionRow, renderDispositionTable } from "../review/render-disposition-table.ts";
import { escapeInline, fencedBlock, inlineCode, tableCell } from "../review/render-escape.ts";
import { renderLlmCoverage } from "../review/render-llm-coverage.ts";
import { severityLabel } from "../review/render-severity.ts";
import { isQuietClaim } from "../review/verify-dispositions.ts";
import { type CommandFinding, claimOf } from "../store/disposition-repository.ts";
import type { LastDispatch } from "../store/read-last-dispatch.ts";

/** Everything the `status` reply shows. */
export interface StatusInput {
  /** The loop, or null when no event ever reached this pull request. */
  loop: LoopState | null;
  /** `remediation.max_rounds` (the loop adds rounds granted by `resume`). */
  maxRounds: number;
  remediationEnabled: boolean;
  blockingSeverity: Severity;
  openFindings: readonly CommandFinding[];
  lastDispatch: LastDispatch | null;
  /** Lines about the round in flight, a hold, a hand-off (`renderRemediationStatus`). */
  remediation?: readonly string[];
  /**
   * The last pass's disposition table with the claims filed since, most urgent first
   * (`statusDispositionRows`); the first {@link DISPOSITION_ROW_LIMIT} are shown, as in the review.
   */
  dispositions?: readonly DispositionRow[];
  /** `remediation.disputes_block`: a disputed finding still blocks (default false: it is quiet). */
  disputesBlock?: boolean;
  /** What the LLM engine did in the last pass (`reviews.llm_coverage`); null or absent: no row. */
  llm?: LlmCoverage | null;
}

/**
 * True when `f` blocks: at or above the blocking severity, and not kept quiet by a `deferred`
 * (or, without `disputes_block`, a `disagree`) claim, as the next pass will judge it.
 */
function blocks(f: CommandFinding, severity: Severity, disputesBlock: boolean): boolean {
  return isAtLeast(f.severity, severity) && !isQuietClaim(claimOf(f.disposition), disputesBlock);
}

const STATUS_WORDS: Record<LoopStatus, string> = {
  idle: "idle: waiting for a new commit",
  reviewing: "reviewing",
  passed: "passed: nothing blocking",
  awaiting_fix: "awaiting a fix",
  awaiting_checks: "waiting for the head's checks before dispatching the fixer",
  handed_off: "handed off to a human",
  paused: "paused: new commits are not reviewed until `resume`",
  stopped: "stopped: nothing runs until `resume`",
  closed: "closed",
};

/** Findings listed in full; the rest are counted (a reply stays far below GitHub's limit). */
const MAX_LISTED = 50;
/** Characters of the dispatch diagnostics shown (the log tail is the end that matters). */
const MAX_DIAGNOSTICS = 3_000;

function shortSha(sha: string | null): string {
  return sha === null ? "—" : inlineCode(sha.slice(0, 7));
}

function findingsTable(
  findings: readonly CommandFinding[],
  blocking: (f: CommandFinding) => boolean,
): string[] {
  if (findings.length === 0) return [];
  const rows = findings
    .slice(0, MAX_LISTED)
    .map(
      (f) =>
        `| ${tableCell(f.id)} | ${severityLabel(f.severity)}${blocking(f) ? " (blocking)" : ""} | ${inlineCode(`${f.path}:${f.line}`, true)} | ${tableCell(f.title)} | ${f.disposition === null ? "—" : tableCell(f.disposition.disposition)} |`,
    );
  const more = findings.length - MAX_LISTED;
  return [
    "",
    "#### Open findings",
    "",
    "| ID | severity | where | finding | claimed |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
    ...(more > 0 ? ["", `_… and ${more} more._`] : []),
  ];
}

function dispositionLines(rows: readonly DispositionRow[]): string[] {
  if (rows.length === 0) return [];
  const more = rows.length - DISPOSITION_ROW_LIMIT;
  return [
    "",
    "#### Dispositions",
    "",
    renderDispositionTable(rows.slice(0, DISPOSITION_ROW_LIMIT)),
    ...(more > 0
      ? ["", `_… and ${more} more; the last check run's details hold the full table._`]
      : []),
  ];
}

function dispatchLines(dispatch: LastDispatch | null): string[] {
  if (dispatch === null) return [];
  const run = dispatch.runUrl === null ? "" : `, [workflow run](${dispatch.runUrl})`;
  const conclusion =
    dispatch.conclusion === null ? "" : `, conclusion ${inlineCode(dispatch.conclusion)}`;
  const lines = [
    "",
    "#### Last dispatch",
    "",
    `Round ${dispatch.round} via ${inlineCode(dispatch.target)} at ${dispatch.createdAt.toISOString()}: ${escapeInline(dispatch.status)} (attempt ${dispatch.attempts})${conclusion}${run}.`,
  ];
  const diagnostics = asDiagnostics(dispatch.diagnostics);
  if (diagnostics !== null) {
    lines.push("", `Diagnostics: ${describeDiagnostics(diagnostics)}.`);
    for (const job of diagnostics.failedJobs) {
      const tail = renderLogTail(job.logTail, "reviewloop", TAIL);
      if (tail !== "") lines.push("", `Log tail of ${inlineCode(job.name)}:`, "", tail);
    }
  } else if (dispatch.diagnostics !== null) {
    let text = JSON.stringify(dispatch.diagnostics, null, 2);
    if (text.length > MAX_DIAGNOSTICS) text = `…${text.slice(-MAX_DIAGNOSTICS)}`;
    lines.push("", "Diagnostics:", "", fencedBlock(text, "json"));
  }
  return lines;
}

/** How much of a failed job's log the status shows (the hand-off shows more). */
const TAIL = { maxLines: 30, maxChars: MAX_DIAGNOSTICS };

/** Diagnostics as the remediation jobs keep them; null for anything else (shown as JSON). */
function asDiagnostics(value: Record<string, unknown> | null): AttemptDiagnostics | null {
  if (value === null || typeof value.conclusion !== "string") return null;
  const jobs = value.failedJobs;
  if (!Array.isArray(jobs) || !jobs.every((job) => typeof job?.name === "string")) return null;
  return {
    ...(value as unknown as AttemptDiagnostics),
    failedJobs: jobs.map((job) => ({
      name: String(job.name),
      conclusion: typeof job.conclusion === "string" ? job.conclusion : null,
      failedSteps: Array.isArray(job.failedSteps) ? job.failedSteps.map(String) : [],
      logTail: typeof job.logTail === "string" ? job.logTail : "",
      ...(typeof job.url === "string" ? { url: job.url } : {}),
    })),
  };
}

/** The summary's LLM line as a table cell: figures, or `off — why`; skipped files counted. */
function llmCell(coverage: LlmCoverage): string {
  const line = renderLlmCoverage(coverage)
    .line.replace(/^\*\*LLM review:?\*\*:?\s*/, "")
    .replaceAll("|", "\\|");
  const skipped = coverage.state === "on" ? coverage.filesSkipped.length : 0;
  return skipped === 0 ? line : `${line} · ${skipped} skipped (listed in the review)`;
}

/**
 * The `status` reply: the loop's state and why it is there, head, round `k/max`, open findings
 * (blocking ones marked), what the LLM engine did in the last pass, the claims with what the
 * last pass verified, and the last dispatch with its diagnostics.
 */
export function renderStatus(input: StatusInput): string {
  const { loop } = input;
  const isBlocking = (f: CommandFinding) =>
    blocks(f, input.blockingSeverity, input.disputesBlock ?? false);
  const blocking = input.openFindings.filter(isBlocking);
  const max = input.maxRounds + (loop?.extraRounds ?? 0);
  const round = input.remediationEnabled
    ? `${loop?.round ?? 0}/${max}`
    : `${loop?.round ?? 0}/${max} (remediation is disabled)`;
  const dispatch =
    input.lastDispatch === null
      ? "none yet"
      : `round ${input.lastDispatch.round}: ${escapeInline(input.lastDispatch.status)}`;
  return [
    "#### reviewloop status",
    "",
    "| | |",
    "| --- | --- |",
    `| state | ${loop === null ? "no review yet" : STATUS_WORDS[loop.status]} |`,
    ...(loop?.reason ? [`| why | ${tableCell(loop.reason)} |`] : []),
    `| head | ${shortSha(loop?.headSha ?? null)} (last reviewed: ${shortSha(loop?.lastReviewedSha ?? null)}) |`,
    `| round | ${round} |`,
    `| open findings | ${input.openFindings.length} (${blocking.length} blocking) |`,
    `| last dispatch | ${dispatch} |`,
    ...(input.llm ? [`| LLM review (last pass) | ${llmCell(input.llm)} |`] : []),
    ...(input.remediation && input.remediation.length > 0
      ? ["", "#### Remediation", "", ...input.remediation]
      : []),
    ...findingsTable(input.openFindings, isBlocking),
    ...dispositionLines(input.dispositions ?? []),
    ...dispatchLines(input.lastDispatch),
  ].join("\n");
}
