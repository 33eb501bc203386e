import { inlineCode } from "../review/render-escape.ts";
import {
  BODY_LIMIT,
  joinTaken,
  takeWithinBudget,
  truncateMarkdown,
} from "../review/render-truncate.ts";
import type { ReviewComment } from "../review/review-pass.ts";

export const FALLBACK_HEADING = "#### Findings that could not be placed inline";

// Room kept for the first items and the closing note when the summary must be shortened.
const SECTION_RESERVE = 4_000;

const INTRO =
  "GitHub rejected this review's inline comments (422), so they are listed here instead.";

/**
 * The body of the review re-sent after GitHub rejected the first one with 422: the summary,
 * then every inline comment as a list item (its location, then its full body indented under
 * it), so no finding is lost. Never longer than GitHub's body limit: what does not fit is
 * counted in a closing note.
 */
export function renderFallbackBody(summary: string, comments: readonly ReviewComment[]): string {
  if (comments.length === 0) return summary;
  const section = `\n\n${FALLBACK_HEADING}\n\n${INTRO}\n\n`;
  // A summary near the limit is cut so the section and its "N more" note still fit: the
  // retried review must not be refused for its length. The pass marker comes first: it stays.
  const fitted = truncateMarkdown(
    summary,
    BODY_LIMIT - section.length - SECTION_RESERVE,
    "_… summary shortened to make room for the findings below; see the check run._",
  );
  const head = `${fitted}${section}`;
  const items = comments.map((comment) => {
    const where = `${comment.path}:${comment.start_line === undefined ? "" : `${comment.start_line}-`}${comment.line}${comment.side === "LEFT" ? " (old)" : ""}`;
    const body = comment.body
      .split("\n")
      .map((line) => (line === "" ? "" : `  ${line}`))
      .join("\n");
    return `- ${inlineCode(where)}\n\n${body}`;
  });
  const note = (n: number) => `- _… ${n} more findings not shown; see the check run._`;
  const taken = takeWithinBudget(items, BODY_LIMIT - head.length, note, "\n\n");
  return `${head}${joinTaken(taken, note, "\n\n")}`;
}
