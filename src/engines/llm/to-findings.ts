import type { Finding } from "../../review/finding.ts";
import { cleanFindingBody, cleanFindingTitle, MAX_BODY_CHARS } from "./clean-finding-text.ts";
import { normalizeCategory } from "./llm-categories.ts";
import type { ModelFinding, ReviewChunk } from "./llm-types.ts";

/** What became of one chunk's model findings. */
export interface ToFindingsResult {
  findings: Finding[];
  /** Findings on lines the chunk did not show: kept with `summaryOnly`, never inline. */
  movedToSummary: number;
  /** Findings on another path, on a line below 1, or with an empty title. */
  dropped: number;
}

/** The index of the first element of ascending `lines` that is ≥ `value`. */
function lowerBound(lines: readonly number[], value: number): number {
  let low = 0;
  let high = lines.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (lines[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** True when every line of `start..end` is among ascending `lines`. */
function allShown(lines: readonly number[], start: number, end: number): boolean {
  const from = lowerBound(lines, start);
  const to = lowerBound(lines, end + 1);
  return to - from === end - start + 1;
}

/** Text a suggestion must not carry: a `/reviewloop` line or something like our hidden markers. */
const HOSTILE_SUGGESTION = /^\s*\/reviewloop\b|<!--\s*reviewloop/im;

/** A fence longer than any backtick run in `text`. */
function codeBlock(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longestRun + 1));
  return `${fence}\n${text}\n${fence}`;
}

/**
 * One chunk's model findings as engine findings (`engine: "llm"`, `ruleId: "llm/<category>"`,
 * category normalized). A finding on another path is dropped. One whose lines (`start_line..line`,
 * either order) are all shown on its side is a normal finding; otherwise it is `summaryOnly` and
 * at most a warning (with the default `blocking_severity` it cannot block on lines not shown).
 * A suggestion is kept only on a normal RIGHT finding; elsewhere it cannot be applied, so it is
 * appended to the body as a plain code block (left out if the body would pass its limit).
 * Titles and bodies are cleaned at the source (`clean-finding-text.ts`).
 */
export function toFindings(answer: readonly ModelFinding[], chunk: ReviewChunk): ToFindingsResult {
  const findings: Finding[] = [];
  let movedToSummary = 0;
  let dropped = 0;
  for (const item of answer) {
    const title = cleanFindingTitle(item.title);
    const start = Math.min(item.start_line ?? item.line, item.line);
    const end = Math.max(item.start_line ?? item.line, item.line);
    if (item.path !== chunk.path || start < 1 || title === "") {
      dropped++;
      continue;
    }
    const inline = allShown(chunk.shown[item.side], start, end);
    const category = normalizeCategory(item.category);
    const finding: Finding = {
      ruleId: `llm/${category}`,
      engine: "llm",
      severity: item.severity,
      category,
      path: chunk.path,
      line: end,
      ...(start < end ? { startLine: start } : {}),
      side: item.side,
      title,
      body: cleanFindingBody(item.body),
    };
    const suggestion = item.suggestion ?? null;
    if (suggestion !== null) {
      // Committed verbatim if accepted, so never escaped when rendered: a suggestion that carries
      // command or marker text goes to the body, where rendering defuses it.
      if (inline && item.side === "RIGHT" && !HOSTILE_SUGGESTION.test(suggestion)) {
        finding.suggestion = suggestion;
      } else {
        const body = `${finding.body}\n\nSuggested replacement:\n\n${codeBlock(suggestion)}`.trim();
        if (body.length <= MAX_BODY_CHARS) finding.body = body;
      }
    }
    if (!inline) {
      finding.summaryOnly = true;
      // The model was not shown those lines: what it says there is a lead, not a verdict.
      if (finding.severity === "critical") finding.severity = "warning";
      movedToSummary++;
    }
    findings.push(finding);
  }
  return { findings, movedToSummary, dropped };
}
