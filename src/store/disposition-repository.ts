import type { Disposition } from "../commands/command-types.ts";
import type { Severity } from "../review/finding.ts";
import type { DispositionRow, VerifiedStatus } from "../review/render-disposition-table.ts";
import type { Claim } from "../review/verify-dispositions.ts";
import type { Queryable } from "./db.ts";

/**
 * What `findings.disposition` holds once someone said how a finding was handled: the claim, who
 * made it, and (later, from remediation) whether it was verified. `ignored` comes from `ignore`.
 */
export interface StoredDisposition {
  disposition: Disposition | "ignored";
  note?: string;
  /** Login of whoever made the claim. */
  by: string;
  /** ISO time of the claim. */
  at: string;
  /**
   * `command`: a `/reviewloop dispose|ignore`; `comment`: a dispositions block or table in a
   * pull request comment; `thread`: a reply in the finding's review thread.
   */
  source: "command" | "comment" | "thread";
  /** The loop's round when the claim was filed (0 before the first dispatch). */
  round?: number;
  /** The comment that made the claim. */
  commentId?: number;
  /** Set by the next pass once it checked the claim; absent = pending. */
  verified?: VerifiedStatus;
  /** The head sha of the pass that verified it. */
  verifiedSha?: string;
  /** With `verified: "reraised"`: the id of the new finding that re-raised it. */
  reraisedAs?: string;
}

/** The claim a stored disposition makes, as verification reads it (an `ignore` is no claim). */
export function claimOf(d: StoredDisposition | null): Claim | null {
  if (d === null || d.disposition === "ignored") return null;
  const claim: Claim = { disposition: d.disposition };
  if (d.note !== undefined) claim.note = d.note;
  if (d.verified !== undefined) claim.verified = d.verified;
  if (d.at !== undefined) claim.at = d.at;
  return claim;
}

/** A finding as commands see it: enough to answer, check and list. */
export interface CommandFinding {
  id: string;
  status: "open" | "resolved" | "ignored";
  severity: Severity;
  path: string;
  line: number;
  title: string;
  disposition: StoredDisposition | null;
}

/** Which pull request. */
export interface PrScope {
  repoId: number;
  prNumber: number;
}

interface Row {
  short_id: string;
  status: string;
  severity: string;
  path: string;
  line: number;
  title: string;
  disposition: StoredDisposition | null;
}

const COLUMNS = "short_id, status, severity, path, line, title, disposition";

function toFinding(row: Row): CommandFinding {
  const status = row.status === "resolved" || row.status === "ignored" ? row.status : "open";
  return {
    id: row.short_id,
    status,
    severity: row.severity as Severity,
    path: row.path,
    line: row.line,
    title: row.title,
    disposition: row.disposition,
  };
}

/** Ids sort as numbers (`F2` before `F10`). */
const ORDER = "ORDER BY length(short_id), short_id";

/** The open findings of a pull request, in id order. */
export async function listOpenFindings(q: Queryable, pr: PrScope): Promise<CommandFinding[]> {
  const { rows } = await q.query<Row>(
    `SELECT ${COLUMNS} FROM findings WHERE repo_id = $1 AND pr_number = $2 AND status = 'open' ${ORDER}`,
    [pr.repoId, pr.prNumber],
  );
  return rows.map(toFinding);
}

/** One finding by its short id (`F3`), whatever its status; null when the PR has no such id. */
export async function readFinding(
  q: Queryable,
  pr: PrScope,
  id: string,
): Promise<CommandFinding | null> {
  const { rows } = await q.query<Row>(
    `SELECT ${COLUMNS} FROM findings WHERE repo_id = $1 AND pr_number = $2 AND short_id = $3`,
    [pr.repoId, pr.prNumber, id],
  );
  return rows[0] === undefined ? null : toFinding(rows[0]);
}

/** The finding whose inline comment opened the review thread `commentId` (for thread replies). */
export async function findFindingIdByComment(
  q: Queryable,
  pr: PrScope,
  commentId: number,
): Promise<string | null> {
  const { rows } = await q.query<{ short_id: string }>(
    "SELECT short_id FROM findings WHERE repo_id = $1 AND pr_number = $2 AND comment_id = $3",
    [pr.repoId, pr.prNumber, commentId],
  );
  return rows[0]?.short_id ?? null;
}

/**
 * Records a claim (`fixed`, `disagree`, `deferred`) on an open finding; false when it is not open.
 * `findings.disposition` becomes the latest claim (an earlier `verified` is cleared: the new claim
 * is pending), and the claim is kept in `finding_dispositions` for its finding and round
 * (`disposition.round`, 0 when absent): a second claim in the same round replaces the first.
 * Call it in one transaction with whatever records that the claim was filed.
 */
export async function recordDisposition(
  q: Queryable,
  pr: PrScope,
  id: string,
  disposition: StoredDisposition,
): Promise<boolean> {
  const { rows } = await q.query<{ installation_id: number | string; fingerprint: string }>(
    `UPDATE findings SET disposition = $4::jsonb, updated_at = now()
     WHERE repo_id = $1 AND pr_number = $2 AND short_id = $3 AND status = 'open'
     RETURNING installation_id, fingerprint`,
    [pr.repoId, pr.prNumber, id, JSON.stringify(disposition)],
  );
  const finding = rows[0];
  if (finding === undefined) return false;
  await q.query(
    `INSERT INTO finding_dispositions (installation_id, repo_id, pr_number, fingerprint, short_id,
       round, disposition, note, filed_by, source, comment_id, filed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (repo_id, pr_number, fingerprint, round) DO UPDATE SET
       short_id = EXCLUDED.short_id, disposition = EXCLUDED.disposition, note = EXCLUDED.note,
       filed_by = EXCLUDED.filed_by, source = EXCLUDED.source, comment_id = EXCLUDED.comment_id,
       filed_at = EXCLUDED.filed_at, verified = NULL, verified_review_id = NULL, verified_at = NULL`,
    [
      finding.installation_id,
      pr.repoId,
      pr.prNumber,
      finding.fingerprint,
      id,
      disposition.round ?? 0,
      disposition.disposition,
      disposition.note ?? null,
      disposition.by,
      disposition.source,
      disposition.commentId ?? null,
      disposition.at,
    ],
  );
  return true;
}

/** One claim as `finding_dispositions` keeps it: per finding and round, with who filed it. */
export interface FiledDisposition {
  fingerprint: string;
  /** The finding's id when the claim was filed (`F3`). */
  id: string;
  round: number;
  disposition: Disposition;
  note: string | null;
  filedBy: string;
  source: StoredDisposition["source"];
  commentId: number | null;
  /** Set by the pass that checked the claim; null while pending. */
  verified: string | null;
}

/** Every claim filed on a pull request's findings, oldest round first, then by id. */
export async function listFiledDispositions(
  q: Queryable,
  pr: PrScope,
): Promise<FiledDisposition[]> {
  const { rows } = await q.query<{
    fingerprint: string;
    short_id: string;
    round: number;
    disposition: Disposition;
    note: string | null;
    filed_by: string;
    source: StoredDisposition["source"];
    comment_id: number | string | null;
    verified: string | null;
  }>(
    `SELECT fingerprint, short_id, round, disposition, note, filed_by, source, comment_id, verified
     FROM finding_dispositions WHERE repo_id = $1 AND pr_number = $2
     ORDER BY round, length(short_id), short_id`,
    [pr.repoId, pr.prNumber],
  );
  return rows.map((row) => ({
    fingerprint: row.fingerprint,
    id: row.short_id,
    round: row.round,
    disposition: row.disposition,
    note: row.note,
    filedBy: row.filed_by,
    source: row.source,
    commentId: row.comment_id === null ? null : Number(row.comment_id),
    verified: row.verified,
  }));
}

/**
 * Dismisses an open finding for this pull request: status `ignored`, so it no longer blocks and
 * is not reported again. False when it is not open.
 */
export async function ignoreFinding(
  q: Queryable,
  pr: PrScope,
  id: string,
  record: StoredDisposition,
): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE findings SET status = 'ignored', disposition = $4::jsonb, updated_at = now()
     WHERE repo_id = $1 AND pr_number = $2 AND short_id = $3 AND status = 'open'`,
    [pr.repoId, pr.prNumber, id, JSON.stringify({ ...record, disposition: "ignored" })],
  );
  return rowCount === 1;
}

/** Fingerprints of the findings dismissed with `ignore` (a review pass leaves them out). */
export async function listIgnoredFingerprints(q: Queryable, pr: PrScope): Promise<string[]> {
  const { rows } = await q.query<{ fingerprint: string }>(
    "SELECT fingerprint FROM findings WHERE repo_id = $1 AND pr_number = $2 AND status = 'ignored'",
    [pr.repoId, pr.prNumber],
  );
  return rows.map((row) => row.fingerprint);
}

const CLAIMS: ReadonlySet<string> = new Set(["fixed", "disagree", "deferred"]);

/**
 * The rows of the review summary's disposition table: every finding of the pull request with a
 * claim (`fixed`, `disagree`, `deferred`), in id order. `verified` stays `pending` until
 * remediation records its check in the disposition.
 */
export async function listDispositionRows(q: Queryable, pr: PrScope): Promise<DispositionRow[]> {
  const { rows } = await q.query<Row>(
    `SELECT ${COLUMNS} FROM findings WHERE repo_id = $1 AND pr_number = $2
       AND disposition IS NOT NULL ${ORDER}`,
    [pr.repoId, pr.prNumber],
  );
  return rows
    .map(toFinding)
    .filter((f) => f.disposition !== null && CLAIMS.has(f.disposition.disposition))
    .map((f) => {
      const claim = f.disposition as StoredDisposition;
      const row: DispositionRow = {
        id: f.id,
        severity: f.severity,
        where: `${f.path}:${f.line}`,
        title: f.title,
        claimed: claim.disposition as Disposition,
        verified: claim.verified ?? "pending",
      };
      if (claim.note !== undefined) row.note = claim.note;
      return row;
    });
}
