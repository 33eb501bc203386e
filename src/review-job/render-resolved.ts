import { escapeInline, inlineCode, tableCell } from "../review/render-escape.ts";
import { describeLocation } from "../review/render-location.ts";
import { BODY_LIMIT, joinTaken, takeWithinBudget } from "../review/render-truncate.ts";
import type { StoredFinding } from "../store/finding-repository.ts";

/**
 * Appends the findings this pass resolved (no longer produced where their code changed) to the
 * summary, within the body limit; what does not fit is counted. Unchanged when nothing resolved.
 */
export function appendResolved(summary: string, resolved: readonly StoredFinding[]): string {
  if (resolved.length === 0) return summary;
  const head = `${summary}\n\n**Resolved since the last pass (${resolved.length})**\n\n`;
  const items = resolved.map(
    (f) =>
      `- ${tableCell(f.id)} ${inlineCode(describeLocation(f.finding))} — ${escapeInline(f.finding.title)}`,
  );
  const note = (n: number) => `- _… ${n} more resolved findings not shown._`;
  const budget = BODY_LIMIT - head.length;
  if (budget < 80) return summary;
  return `${head}${joinTaken(takeWithinBudget(items, budget, note), note)}`;
}
