import type { Severity } from "./finding.ts";
import { inlineCode, tableCell } from "./render-escape.ts";
import { severityLabel } from "./render-severity.ts";
import { BODY_LIMIT, joinTaken, takeWithinBudget } from "./render-truncate.ts";

/** What the fixer claimed for a finding (null: it said nothing). */
export type ClaimedDisposition = "fixed" | "disagree" | "deferred" | null;

/** Whether reviewloop could confirm the claim. */
export type VerifiedStatus = "yes" | "no" | "n/a" | "pending";

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
}

const VERIFIED: Record<VerifiedStatus, string> = {
  yes: "✅ yes",
  no: "❌ no",
  "n/a": "n/a",
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
    VERIFIED[row.verified],
  ];
  return `| ${cells.join(" | ")} |`;
}

function omittedNote(omitted: number): string {
  return `\n_… ${omitted} more ${omitted === 1 ? "row" : "rows"} not shown; see the check run._`;
}
