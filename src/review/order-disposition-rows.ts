import type { DispositionRow, VerifiedStatus } from "./render-disposition-table.ts";
import { compareIds } from "./verify-dispositions.ts";

/**
 * Rows of the disposition table shown in the review body, the check-run summary and `status`;
 * the rest are in the check run's details (`output.text`), which holds the whole table.
 */
export const DISPOSITION_ROW_LIMIT = 20;

/** Most urgent first: what still blocks, then what waits, then what is settled. */
const URGENCY: readonly VerifiedStatus[] = [
  "still_present",
  "reraised",
  "open",
  "pending",
  "disputed",
  "deferred",
  "verified_fixed",
  "fixed_unclaimed",
  "resolved",
];

/** The rows most urgent first (still present, re-raised, open, pending, disputed, deferred, the rest), each status by id. */
export function orderDispositionRows(rows: readonly DispositionRow[]): DispositionRow[] {
  return [...rows].sort(
    (a, b) => URGENCY.indexOf(a.verified) - URGENCY.indexOf(b.verified) || compareIds(a.id, b.id),
  );
}
