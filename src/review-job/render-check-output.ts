import type { ConfigError } from "../config/index.ts";
import { renderConfigErrors } from "../config/render-config-errors.ts";
import type { CheckAnnotation, CheckRunOutput } from "../github/check-run-publisher.ts";
import type { PlacedFinding, Severity } from "../review/finding.ts";
import { inertPlainText } from "../review/render-escape.ts";
import { BODY_LIMIT, truncateMarkdown } from "../review/render-truncate.ts";
import type { CheckConclusion } from "../review/verdict.ts";

/** GitHub takes at most 50 annotations per check-run request. */
export const ANNOTATIONS_PER_REQUEST = 50;

const LEVEL: Record<Severity, CheckAnnotation["annotation_level"]> = {
  critical: "failure",
  warning: "warning",
  info: "notice",
};

const MESSAGE_LIMIT = 60_000;

/** The check run's title: what a reviewer sees next to the check's name. */
export function checkRunTitle(
  conclusion: CheckConclusion,
  findings: number,
  blocking: number,
): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (conclusion === "failure") return `${plural(blocking, "blocking finding")} of ${findings}`;
  if (conclusion === "neutral") return `${plural(findings, "finding")}, none blocking`;
  return "No findings";
}

/**
 * One annotation per finding on the new side of the head (`RIGHT`); findings on deleted lines
 * (`LEFT`) have no line in the head commit and are only in the summary.
 */
export function toAnnotations(findings: readonly PlacedFinding[]): CheckAnnotation[] {
  return findings
    .filter((f) => f.side === "RIGHT")
    .map((f) => ({
      path: f.path,
      start_line: f.startLine ?? f.line,
      end_line: f.line,
      annotation_level: LEVEL[f.severity],
      title: inertPlainText(`${f.id}: ${f.title}`).slice(0, 255),
      message: truncateMarkdown(inertPlainText(f.body.trim() || f.title), MESSAGE_LIMIT, "…"),
    }));
}

/** Splits annotations into the chunks of 50 GitHub accepts per request (at least one chunk). */
export function chunkAnnotations(annotations: readonly CheckAnnotation[]): CheckAnnotation[][] {
  const chunks: CheckAnnotation[][] = [];
  for (let i = 0; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) {
    chunks.push(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  }
  return chunks.length === 0 ? [[]] : chunks;
}

/** The request count of the pass, as the check-run summary shows it. */
export function renderRequestCount(total: number, byMethod: Record<string, number>): string {
  const methods = Object.entries(byMethod)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([method, n]) => `${method} ${n}`)
    .join(", ");
  return `<sub>GitHub API requests this pass: ${total}${methods === "" ? "" : ` (${methods})`}.</sub>`;
}

/** The review summary with the request count appended, within the check-run summary limit. */
export function checkRunSummary(summary: string, requestLine: string): string {
  const room = BODY_LIMIT - requestLine.length - 2;
  const body = truncateMarkdown(summary, room, "_… cut to fit GitHub's size limit._");
  return `${body}\n\n${requestLine}`;
}

/** The output of the check run while the pass runs. */
export function inProgressOutput(headSha: string, trigger: string): CheckRunOutput {
  return {
    title: "Reviewing…",
    summary: `reviewloop is reviewing \`${headSha.slice(0, 7)}\` (${trigger}).`,
  };
}

/** The output of a check run whose head was replaced while it ran. */
export function supersededOutput(headSha: string, newerSha: string): CheckRunOutput {
  return {
    title: `Superseded by ${newerSha.slice(0, 7)}`,
    summary: `A newer commit (\`${newerSha.slice(0, 7)}\`) was pushed while \`${headSha.slice(0, 7)}\` was being reviewed; reviewloop reviews the newer one, and posted no review for this one.`,
  };
}

/** The output of a check run whose loop was paused or stopped while an automatic pass ran. */
export function heldOutput(reason: string): CheckRunOutput {
  return {
    title: "Review not posted",
    summary: `The ${reason.replace("loop is ", "loop was ")} by a command while this review ran, so it was not posted. Comment \`resume\` to the app to review the newest commit.`,
  };
}

/** The output of a check run whose pull request was closed while it was reviewed. */
export function closedOutput(): CheckRunOutput {
  return {
    title: "Pull request closed",
    summary: "The pull request was closed while it was being reviewed; no review was posted.",
  };
}

/** The output of a check run for an invalid `.github/reviewloop.yml`: every bad key. */
export function configErrorOutput(errors: readonly ConfigError[], marker: string): CheckRunOutput {
  return {
    title: "Configuration error",
    summary: `${marker}\n\n\`.github/reviewloop.yml\` is invalid, so this pull request was not reviewed. Fix these keys:\n\n${renderConfigErrors(errors)}`,
  };
}

/** The output of a check run whose review could not be posted (a permanent GitHub error). */
export function failedOutput(message: string): CheckRunOutput {
  return {
    title: "Review could not be posted",
    summary: [
      `GitHub refused the review: ${message.replace(/[\r\n]+/g, " ").slice(0, 1_000)}`,
      "",
      "Press **Re-run** on this check, push a commit, or comment `review` to the app to try again.",
    ].join("\n"),
  };
}
