import { orderDispositionRows } from "../review/order-disposition-rows.ts";
import type { DispositionRow } from "../review/render-disposition-table.ts";

/**
 * The disposition table `/reviewloop status` shows: the rows of the last pass's table (what its
 * review showed: `open`, `fixed (unclaimed)` and re-raised rows included), each claim filed since
 * that pass (`pending`: no pass verified it yet) replacing its finding's row or added to them.
 * Without the last pass's rows (no pass yet, or one recorded before they were kept) the claims
 * are shown as stored (`claims`: `listVerifiedClaims`). Most urgent first.
 */
export function statusDispositionRows(
  lastPass: readonly DispositionRow[] | null,
  claims: readonly DispositionRow[],
): DispositionRow[] {
  if (lastPass === null) return orderDispositionRows(claims);
  const byId = new Map(lastPass.map((row) => [row.id, row]));
  for (const claim of claims) if (claim.verified === "pending") byId.set(claim.id, claim);
  return orderDispositionRows([...byId.values()]);
}
