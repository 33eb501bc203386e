import type { Finding, PlacedFinding, Severity } from "../review/finding.ts";
import type { Queryable } from "./db.ts";
import type { StoredDisposition } from "./disposition-repository.ts";

/** A finding as stored for a pull request, across passes. */
export interface StoredFinding {
  /** Per-PR short id (`F1`, …). */
  id: string;
  fingerprint: string;
  /** `ignored`: dismissed for this pull request with `/reviewloop ignore`. */
  status: "open" | "resolved" | "ignored";
  /** The finding as the engine reported it, at the line of the last pass that saw it. */
  finding: Finding;
  /** The inline review comment that opened its thread, when one was posted. */
  commentId: number | null;
  commentUrl: string | null;
  threadResolved: boolean;
  /**
   * The latest claim on the finding (`fixed`, `disagree`, `deferred`, or `ignored`) and what the
   * last pass verified for it; null when nobody said anything. Kept by fingerprint: a finding
   * produced again keeps its claim.
   */
  disposition: StoredDisposition | null;
}

/** Identifies the pull request a finding belongs to. */
export interface FindingScope {
  installationId: number;
  repoId: number;
  prNumber: number;
}

/** A finding of the current pass and the comment that shows it (if this pass posted one). */
export interface FindingToSave {
  placed: PlacedFinding;
  commentId: number | null;
  commentUrl: string | null;
}

interface FindingRow {
  short_id: string;
  fingerprint: string;
  status: string;
  rule_id: string;
  engine: string;
  severity: string;
  category: string;
  path: string;
  line: number;
  start_line: number | null;
  side: string;
  title: string;
  body: string;
  suggestion: string | null;
  comment_id: number | null;
  comment_url: string | null;
  thread_resolved_at: Date | null;
  disposition: StoredDisposition | null;
}

function toStoredFinding(row: FindingRow): StoredFinding {
  const finding: Finding = {
    ruleId: row.rule_id,
    engine: row.engine,
    severity: row.severity as Severity,
    category: row.category,
    path: row.path,
    line: row.line,
    side: row.side === "LEFT" ? "LEFT" : "RIGHT",
    title: row.title,
    body: row.body,
  };
  if (row.start_line !== null) finding.startLine = row.start_line;
  if (row.suggestion !== null && row.suggestion !== undefined) finding.suggestion = row.suggestion;
  return {
    id: row.short_id,
    fingerprint: row.fingerprint,
    status: row.status === "resolved" || row.status === "ignored" ? row.status : "open",
    finding,
    commentId: row.comment_id,
    commentUrl: row.comment_url,
    threadResolved: row.thread_resolved_at !== null,
    disposition: row.disposition ?? null,
  };
}

/** Every finding ever recorded for one pull request (open and resolved), oldest id first. */
export async function listFindings(
  q: Queryable,
  repoId: number,
  prNumber: number,
): Promise<StoredFinding[]> {
  const { rows } = await q.query<FindingRow>(
    `SELECT short_id, fingerprint, status, rule_id, engine, severity, category, path, line,
       start_line, side, title, body, suggestion, comment_id, comment_url, thread_resolved_at,
       disposition
     FROM findings WHERE repo_id = $1 AND pr_number = $2 ORDER BY created_at, short_id`,
    [repoId, prNumber],
  );
  return rows.map(toStoredFinding);
}

/**
 * Records the findings of a pass as open: new fingerprints are inserted, known ones updated to
 * where they are now. A comment id, once known, is never replaced: the first thread stays the one.
 */
export async function saveFindings(
  q: Queryable,
  scope: FindingScope,
  reviewRowId: number,
  findings: readonly FindingToSave[],
): Promise<void> {
  for (const { placed: f, commentId, commentUrl } of findings) {
    await q.query(
      `INSERT INTO findings (installation_id, repo_id, pr_number, short_id, fingerprint, rule_id,
         engine, severity, category, path, line, start_line, side, title, body, status,
         first_review_id, last_review_id, comment_id, comment_url, suggestion)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'open', $16, $16,
         $17, $18, $19)
       ON CONFLICT (repo_id, pr_number, fingerprint) DO UPDATE SET
         -- An ignore given while this pass ran wins over the pass.
         status = CASE WHEN findings.status = 'ignored' THEN 'ignored' ELSE 'open' END, severity = EXCLUDED.severity, path = EXCLUDED.path,
         line = EXCLUDED.line, start_line = EXCLUDED.start_line, side = EXCLUDED.side,
         title = EXCLUDED.title, body = EXCLUDED.body, suggestion = EXCLUDED.suggestion,
         last_review_id = EXCLUDED.last_review_id,
         comment_id = coalesce(findings.comment_id, EXCLUDED.comment_id),
         comment_url = coalesce(findings.comment_url, EXCLUDED.comment_url),
         updated_at = now()`,
      [
        scope.installationId,
        scope.repoId,
        scope.prNumber,
        f.id,
        f.fingerprint,
        f.ruleId,
        f.engine,
        f.severity,
        f.category,
        f.path,
        f.line,
        f.startLine ?? null,
        f.side,
        f.title,
        f.body,
        reviewRowId,
        commentId,
        commentUrl,
        f.suggestion ?? null,
      ],
    );
  }
}

/** Marks findings resolved: a pass no longer produced them where their code changed. */
export async function resolveFindings(
  q: Queryable,
  scope: Pick<FindingScope, "repoId" | "prNumber">,
  reviewRowId: number,
  fingerprints: readonly string[],
): Promise<void> {
  if (fingerprints.length === 0) return;
  await q.query(
    `UPDATE findings SET status = 'resolved', last_review_id = $3, updated_at = now()
     WHERE repo_id = $1 AND pr_number = $2 AND fingerprint = ANY($4::text[])
       AND status <> 'ignored'`,
    [scope.repoId, scope.prNumber, reviewRowId, fingerprints],
  );
}

/** Records that the finding's review thread was resolved on GitHub. */
export async function markThreadResolved(
  q: Queryable,
  scope: Pick<FindingScope, "repoId" | "prNumber">,
  fingerprints: readonly string[],
): Promise<void> {
  if (fingerprints.length === 0) return;
  await q.query(
    `UPDATE findings SET thread_resolved_at = now(), updated_at = now()
     WHERE repo_id = $1 AND pr_number = $2 AND fingerprint = ANY($3::text[])`,
    [scope.repoId, scope.prNumber, fingerprints],
  );
}
