import type { Severity } from "./finding.ts";
import { inlineCode, tableCell } from "./render-escape.ts";
import { severityLabel } from "./render-severity.ts";
import { BODY_LIMIT, joinTaken, takeWithinBudget } from "./render-truncate.ts";

/** What the fixer claimed for a finding (null: it said nothing). */
export type ClaimedDisposition = "fixed" | "disagree" | "deferred" | null;

/**
 * What a pass found for a finding that was open before it (docs/remediation.md, "Verification"):
 * - `verified_fixed`: claimed fixed, and no longer produced;
 * - `still_present`: claimed fixed, yet produced again (blocks as before);
 * - `fixed_unclaimed`: nobody claimed anything, and it is no longer produced;
 * - `disputed`: claimed `disagree`, still produced (blocks only with `remediation.disputes_block`);
 * - `deferred`: claimed `deferred`, still produced (never blocks; listed);
 * - `reraised`: its anchored code changed and the same rule fired there again: a new finding
 *   (`reraisedAs`) that blocks by its severity;
 * - `open`: nobody claimed anything, still produced;
 * - `resolved`: claimed `disagree` or `deferred`, and no longer produced;
 * - `pending`: claimed after the last pass; the next pass verifies it.
 */
export type VerifiedStatus =
  | "verified_fixed"
  | "still_present"
  | "fixed_unclaimed"
  | "disputed"
  | "deferred"
  | "reraised"
  | "open"
  | "resolved"
  | "pending";

/** One row of the disposition table. */
export interface DispositionRow {
  id: string;
  severity: Severity;
  /** Where the finding is, e.g. `src/a.ts:12`; shown as code. */
  where: string;
  title: string;
  claimed: ClaimedDisposition;
  verified: VerifiedStatus;
  /** The fixer's note, shown after the claim. */
  note?: string;
  /** For `reraised`: the id of the new finding. */
  reraisedAs?: string;
}

const VERIFIED: Record<VerifiedStatus, string> = {
  verified_fixed: "✅ verified fixed",
  still_present: "❌ **still present**",
  fixed_unclaimed: "✅ fixed (unclaimed)",
  disputed: "💬 disputed",
  deferred: "⏭️ deferred",
  reraised: "🔁 re-raised",
  open: "open",
  resolved: "✅ no longer produced",
  pending: "⏳ pending",
};

const HEADER = [
  "| ID | severity | where | finding | claimed | verified |",
  "| --- | --- | --- | --- | --- | --- |",
];

/**
 * The markdown table `ID | severity | where | finding | claimed | verified`. Cell text is escaped
 * (pipes, newlines, markdown, HTML, mentions). Rows that do not fit in `limit` characters are left
 * out with a note saying how many.
 */
export function renderDispositionTable(
  rows: readonly DispositionRow[],
  limit = BODY_LIMIT,
): string {
  const header = HEADER.join("\n");
  const lines = rows.map(renderRow);
  const taken = takeWithinBudget(lines, limit - header.length - 1, omittedNote);
  return `${header}\n${joinTaken(taken, omittedNote)}`;
}

function renderRow(row: DispositionRow): string {
  const claimed =
    row.claimed === null
      ? "—"
      : row.note === undefined || row.note.trim() === ""
        ? row.claimed
        : `${row.claimed}: ${tableCell(row.note.trim())}`;
  const cells = [
    tableCell(row.id),
    severityLabel(row.severity),
    inlineCode(row.where, true),
    tableCell(row.title),
    claimed,
    row.verified === "reraised" && row.reraisedAs !== undefined
      ? `${VERIFIED.reraised} as ${tableCell(row.reraisedAs)}`
      : VERIFIED[row.verified],
  ];
  return `| ${cells.join(" | ")} |`;
}

function omittedNote(omitted: number): string {
  return `\n_… ${omitted} more ${omitted === 1 ? "row" : "rows"} not shown; see the check run._`;
}
