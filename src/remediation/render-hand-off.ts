/**
 * The one hand-off comment: why the loop stopped, what is still open, the rounds used, the last
 * attempt's diagnostics and how to continue. Pure; the HandOff job posts it once, found again by
 * the hidden marker on its last line.
 */

import type { HandOffKind, HandOffRecord } from "../loop/types.ts";
import type { Severity } from "../review/finding.ts";
import { escapeInline, inlineCode, tableCell } from "../review/render-escape.ts";
import { describeLocation } from "../review/render-location.ts";
import { severityLabel } from "../review/render-severity.ts";
import { BODY_LIMIT, truncateMarkdown } from "../review/render-truncate.ts";
import { describeDiagnostics, renderLink, renderLogTail } from "./render-diagnostics.ts";
import type { AttemptDiagnostics } from "./run-diagnostics.ts";

/** The label the hand-off adds (removed again by a passing pass). */
export const NEEDS_HUMAN_LABEL = "reviewloop:needs-human";

/** An open finding as the hand-off lists it. */
export interface HandOffFinding {
  id: string;
  severity: Severity;
  path: string;
  line: number;
  startLine?: number | null;
  side?: "RIGHT" | "LEFT";
  title: string;
  blocking: boolean;
}

export interface HandOffInput {
  handOff: HandOffRecord;
  /** Rounds dispatched so far, and the limit they ran against (`max_rounds` + rounds granted). */
  roundsUsed: number;
  roundLimit: number;
  findings: readonly HandOffFinding[];
  /** The last failed attempt's diagnostics, when one failed. */
  diagnostics: AttemptDiagnostics | null;
  /** `commands.resume_rounds`: what `/reviewloop resume` grants. */
  resumeRounds: number;
  /** The app's slug: lines of a log tail that would address it are defused. */
  appSlug: string;
  /** The hidden marker that identifies this hand-off; always the last line. */
  marker: string;
}

/** Findings listed one by one; the rest are counted. */
export const MAX_LISTED_FINDINGS = 30;
const TAIL = { maxLines: 100, maxChars: 12_000 };

const HEADLINES: Record<HandOffKind, (input: HandOffInput) => string> = {
  max_rounds: (i) => `The loop reached its limit of ${i.roundLimit} remediation rounds.`,
  no_progress: () => "The loop made no progress: the blocking findings did not shrink.",
  dispatch_failing: () => "The fixer could not be run: its dispatch failed on every attempt.",
};

/**
 * The markdown body of the hand-off comment, within GitHub's comment limit, marker last. Only
 * the log tails can be long: they get what the other sections leave, so how to continue is
 * never cut.
 */
export function renderHandOff(input: HandOffInput): string {
  const head = [
    "### reviewloop: a human is needed",
    "",
    `${HEADLINES[input.handOff.kind](input)} ${escapeInline(input.handOff.reason)}`,
    "",
    `Rounds used: **${input.roundsUsed}/${input.roundLimit}** (stopped at round ${input.handOff.round}). The label ${inlineCode(NEEDS_HUMAN_LABEL)} was added; it is removed when a review finds nothing blocking.`,
  ].join("\n");
  const findings = renderFindings(input.findings);
  const howTo = renderHowToContinue(input);
  const fixed = [head, findings, howTo].join("\n\n").length + "\n\n\n".length;
  const room = BODY_LIMIT - fixed - input.marker.length - 1;
  const attempt = truncateMarkdown(
    renderLastAttempt(input.diagnostics, input.appSlug),
    Math.max(0, room),
    "_The logs were cut to fit GitHub's limit; the run has them in full._",
  );
  const body = [head, findings, attempt, howTo].filter((s) => s !== "").join("\n\n");
  return `${body}\n${input.marker}`;
}

/** Blocking findings first, then by severity, each group in the order given; at most 30 rows. */
function renderFindings(findings: readonly HandOffFinding[]): string {
  if (findings.length === 0) return "#### Still open\n\nNo finding is open.";
  const weight: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
  const ordered = findings
    .map((f, index) => ({ f, index }))
    .sort(
      (a, b) =>
        Number(b.f.blocking) - Number(a.f.blocking) ||
        weight[a.f.severity] - weight[b.f.severity] ||
        a.index - b.index,
    )
    .map(({ f }) => f);
  const blocking = findings.filter((f) => f.blocking).length;
  const rows = ordered.slice(0, MAX_LISTED_FINDINGS).map(renderRow);
  const more = findings.length - rows.length;
  return [
    `#### Still open: ${findings.length} (${blocking} blocking)`,
    "",
    "| ID | severity | where | finding |",
    "| --- | --- | --- | --- |",
    ...rows,
    ...(more > 0 ? ["", `_… and ${more} more._`] : []),
  ].join("\n");
}

function renderRow(f: HandOffFinding): string {
  const where = describeLocation({
    path: f.path,
    line: f.line,
    startLine: f.startLine ?? null,
    side: f.side ?? "RIGHT",
  });
  const severity = `${severityLabel(f.severity)}${f.blocking ? " (blocking)" : ""}`;
  return `| ${tableCell(f.id)} | ${severity} | ${inlineCode(where, true)} | ${tableCell(f.title)} |`;
}

function renderLastAttempt(d: AttemptDiagnostics | null, appSlug: string): string {
  if (d === null) return "";
  const lines = ["#### Last attempt", "", `${describeDiagnostics(d)}.`];
  for (const job of d.failedJobs) {
    const tail = renderLogTail(job.logTail, appSlug, TAIL);
    if (tail === "") continue;
    const name = job.url === undefined ? inlineCode(job.name) : renderLink(job.name, job.url);
    lines.push("", `End of the log of ${name}:`, "", tail);
  }
  return lines.join("\n");
}

function renderHowToContinue(input: HandOffInput): string {
  const rounds = input.resumeRounds === 1 ? "1 more round" : `${input.resumeRounds} more rounds`;
  return [
    "#### How to continue",
    "",
    "Fix the findings yourself and push, or comment one of:",
    "",
    `- ${inlineCode("/reviewloop resume")}: continue the loop with ${rounds}; the no-progress count starts again.`,
    `- ${inlineCode("/reviewloop fix")}: dispatch one round now for every open finding, blocking or not${input.handOff.kind === "max_rounds" ? ` (the round limit applies to it too: ${inlineCode("resume")} first)` : ""}.`,
    ...(input.handOff.kind === "dispatch_failing"
      ? [`- ${inlineCode("/reviewloop retry")}: dispatch the failed round again now.`]
      : []),
  ].join("\n");
}
