import { orderDispositionRows } from "../review/order-disposition-rows.ts";
import type { DispositionRow, VerifiedStatus } from "../review/render-disposition-table.ts";
import type { Verification } from "../review/verify-dispositions.ts";
import type { Queryable } from "./db.ts";
import type { PrScope, StoredDisposition } from "./disposition-repository.ts";

/** What a pass verified, for the claims it checked. */
export interface VerificationRecord {
  /** The `reviews` row of the pass. */
  reviewRowId: number;
  /** The head sha the pass reviewed. */
  headSha: string;
}

/**
 * Records what a pass verified for each claim it checked (`pending` and unclaimed findings
 * write nothing): `findings.disposition.verified` (+ `verifiedSha`, `reraisedAs`) and the claim's
 * latest `finding_dispositions` row (`verified`, `verified_review_id`, `verified_at`). A claim
 * filed while the pass ran (another `at`) is left for the next pass, history row included.
 * Runs inside the pass's transaction.
 */
export async function recordVerifications(
  q: Queryable,
  pr: PrScope,
  record: VerificationRecord,
  verifications: readonly Verification[],
): Promise<void> {
  for (const v of verifications) {
    if (v.claim === null || v.status === "pending" || v.status === "open") continue;
    const patch: Partial<StoredDisposition> = { verified: v.status, verifiedSha: record.headSha };
    if (v.row.reraisedAs !== undefined) patch.reraisedAs = v.row.reraisedAs;
    const { rowCount } = await q.query(
      `UPDATE findings SET disposition = (disposition - 'reraisedAs') || $4::jsonb, updated_at = now()
       WHERE repo_id = $1 AND pr_number = $2 AND fingerprint = $3
         AND disposition->>'disposition' = $5 AND disposition->>'at' IS NOT DISTINCT FROM $6::text`,
      [
        pr.repoId,
        pr.prNumber,
        v.fingerprint,
        JSON.stringify(patch),
        v.claim.disposition,
        v.claim.at ?? null,
      ],
    );
    if (rowCount !== 1) continue;
    await q.query(
      `UPDATE finding_dispositions SET verified = $4, verified_review_id = $5, verified_at = now()
       WHERE repo_id = $1 AND pr_number = $2 AND fingerprint = $3 AND disposition = $6
         AND round = (SELECT max(round) FROM finding_dispositions
                      WHERE repo_id = $1 AND pr_number = $2 AND fingerprint = $3)`,
      [pr.repoId, pr.prNumber, v.fingerprint, v.status, record.reviewRowId, v.claim.disposition],
    );
  }
}

interface ClaimRow {
  short_id: string;
  severity: DispositionRow["severity"];
  path: string;
  line: number;
  title: string;
  disposition: StoredDisposition;
}

const CLAIMS: ReadonlySet<string> = new Set(["fixed", "disagree", "deferred"]);

/**
 * The disposition table as the last pass verified it (for `/reviewloop status`): every finding
 * with a claim (ignored ones left out), most urgent first; a claim no pass checked yet is
 * `pending`.
 */
export async function listVerifiedClaims(q: Queryable, pr: PrScope): Promise<DispositionRow[]> {
  const { rows } = await q.query<ClaimRow>(
    `SELECT short_id, severity, path, line, title, disposition FROM findings
     WHERE repo_id = $1 AND pr_number = $2 AND disposition IS NOT NULL AND status <> 'ignored'`,
    [pr.repoId, pr.prNumber],
  );
  return orderDispositionRows(
    rows
      .filter((r) => CLAIMS.has(r.disposition.disposition))
      .map((r) => {
        const claim = r.disposition;
        const row: DispositionRow = {
          id: r.short_id,
          severity: r.severity,
          where: `${r.path}:${r.line}`,
          title: r.title,
          claimed: claim.disposition as DispositionRow["claimed"],
          verified: (claim.verified ?? "pending") as VerifiedStatus,
        };
        if (claim.note !== undefined) row.note = claim.note;
        if (claim.reraisedAs !== undefined) row.reraisedAs = claim.reraisedAs;
        return row;
      }),
  );
}
