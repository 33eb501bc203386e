import type { ModelFinding, ReviewChunk } from "./llm-types.ts";

/** How far `line` is from the lines `shown` on one side (0 inside their range). */
function distance(shown: readonly number[], line: number): number {
  if (shown.length === 0) return Number.POSITIVE_INFINITY;
  const first = shown[0];
  const last = shown[shown.length - 1];
  if (line < first) return first - line;
  if (line > last) return line - last;
  return 0;
}

/**
 * Pure: one request's findings shared out to the hunks it showed, so each hunk is cached on its
 * own. A finding goes to the hunk whose lines on its side contain its `line` (the last line of
 * its range); one outside every hunk (between two, or beyond) goes to the nearest hunk on its
 * side, the first of equals; one on a side no hunk shows, or on another path, goes to the first
 * hunk. Cached with a hunk, a finding outside it comes back outside it (summary-only, or
 * dropped), as it was when answered.
 */
export function splitFindings(
  findings: readonly ModelFinding[],
  hunks: readonly { chunk: ReviewChunk }[],
): ModelFinding[][] {
  const out: ModelFinding[][] = hunks.map(() => []);
  for (const finding of findings) {
    let best = 0;
    let bestDistance = Number.POSITIVE_INFINITY;
    if (finding.path === hunks[0]?.chunk.path) {
      hunks.forEach(({ chunk }, index) => {
        const d = distance(chunk.shown[finding.side], finding.line);
        if (d < bestDistance) {
          best = index;
          bestDistance = d;
        }
      });
    }
    out[best]?.push(finding);
  }
  return out;
}
