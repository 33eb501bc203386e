import type { LlmCoverage } from "../engines/llm/llm-types.ts";
import type { DispositionRow } from "../review/render-disposition-table.ts";
import type { Queryable } from "./db.ts";

/** One review pass as persisted in `reviews`. */
export interface ReviewRecord {
  installationId: number;
  repoId: number;
  prNumber: number;
  baseSha: string | null;
  headSha: string;
  mode: "full" | "incremental";
  verdict: string | null;
  conclusion: string | null;
  /** Findings per severity, plus `new`, `carried` and `resolved`. */
  counts: Record<string, number>;
  githubRequests: number;
  durationMs: number;
  reviewId: number | null;
  checkRunId: number | null;
  trigger: string;
  jobId: number;
  /** What the LLM engine did in the pass (`reviews.llm_coverage`); absent when none ran. */
  llmCoverage?: LlmCoverage;
  /** The disposition table's rows the pass showed (`[]` for none; `reviews.disposition_rows`). */
  dispositionRows?: readonly DispositionRow[];
}

/**
 * Records a pass and returns its row id. Keyed by the job: a retried job that already recorded
 * its pass updates that row instead of adding a second one.
 */
export async function recordReview(q: Queryable, record: ReviewRecord): Promise<number> {
  const { rows } = await q.query<{ id: number }>(
    `INSERT INTO reviews (installation_id, repo_id, pr_number, base_sha, head_sha, mode, verdict,
       conclusion, counts, github_requests, duration_ms, review_id, check_run_id, trigger, job_id,
       llm_coverage, disposition_rows)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13, $14, $15, $16::jsonb,
       $17::jsonb)
     ON CONFLICT (job_id) WHERE job_id IS NOT NULL DO UPDATE SET
       base_sha = EXCLUDED.base_sha, mode = EXCLUDED.mode, verdict = EXCLUDED.verdict,
       conclusion = EXCLUDED.conclusion, counts = EXCLUDED.counts,
       github_requests = EXCLUDED.github_requests, duration_ms = EXCLUDED.duration_ms,
       review_id = EXCLUDED.review_id, check_run_id = EXCLUDED.check_run_id,
       llm_coverage = EXCLUDED.llm_coverage, disposition_rows = EXCLUDED.disposition_rows
     RETURNING id`,
    [
      record.installationId,
      record.repoId,
      record.prNumber,
      record.baseSha,
      record.headSha,
      record.mode,
      record.verdict,
      record.conclusion,
      JSON.stringify(record.counts),
      record.githubRequests,
      Math.round(record.durationMs),
      record.reviewId,
      record.checkRunId,
      record.trigger,
      record.jobId,
      record.llmCoverage === undefined ? null : JSON.stringify(record.llmCoverage),
      record.dispositionRows === undefined ? null : JSON.stringify(record.dispositionRows),
    ],
  );
  return Number(rows[0]!.id);
}

/** What the LLM engine did in the pull request's latest recorded pass, or null (none, or no LLM). */
export async function readLastLlmCoverage(
  q: Queryable,
  pr: { repoId: number; prNumber: number },
): Promise<LlmCoverage | null> {
  const { rows } = await q.query<{ llm_coverage: LlmCoverage | null }>(
    `SELECT llm_coverage FROM reviews WHERE repo_id = $1 AND pr_number = $2
     ORDER BY id DESC LIMIT 1`,
    [pr.repoId, pr.prNumber],
  );
  return rows[0]?.llm_coverage ?? null;
}

/**
 * The disposition table's rows of the pull request's latest recorded pass (`[]`: it showed no
 * table), or null when there is no pass or it was recorded before the rows were kept.
 */
export async function readLastDispositionRows(
  q: Queryable,
  pr: { repoId: number; prNumber: number },
): Promise<DispositionRow[] | null> {
  const { rows } = await q.query<{ disposition_rows: DispositionRow[] | null }>(
    `SELECT disposition_rows FROM reviews WHERE repo_id = $1 AND pr_number = $2
     ORDER BY id DESC LIMIT 1`,
    [pr.repoId, pr.prNumber],
  );
  return rows[0]?.disposition_rows ?? null;
}
