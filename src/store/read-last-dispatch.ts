import type { Queryable } from "./db.ts";

/** The latest remediation dispatch of a pull request, as `status` reports it. */
export interface LastDispatch {
  round: number;
  /** `workflow_dispatch`, `repository_dispatch` or `webhook`. */
  target: string;
  status: string;
  /** Which attempt of its round this dispatch was (1 = the first). */
  attempts: number;
  runUrl: string | null;
  conclusion: string | null;
  /** Whatever remediation recorded (failed job names, log tail, error); shown as given. */
  diagnostics: Record<string, unknown> | null;
  createdAt: Date;
}

/** The pull request's most recent dispatch, or null when none was ever made. */
export async function readLastDispatch(
  q: Queryable,
  pr: { repoId: number; prNumber: number },
): Promise<LastDispatch | null> {
  const { rows } = await q.query<{
    round: number;
    target: string;
    status: string;
    attempts: number;
    run_url: string | null;
    conclusion: string | null;
    diagnostics: Record<string, unknown> | null;
    created_at: Date;
  }>(
    `SELECT round, target, status, attempt AS attempts, run_url, conclusion, diagnostics, created_at
     FROM dispatches WHERE repo_id = $1 AND pr_number = $2 ORDER BY id DESC LIMIT 1`,
    [pr.repoId, pr.prNumber],
  );
  const row = rows[0];
  if (row === undefined) return null;
  return {
    round: row.round,
    target: row.target,
    status: row.status,
    attempts: row.attempts,
    runUrl: row.run_url,
    conclusion: row.conclusion,
    diagnostics: row.diagnostics,
    createdAt: new Date(row.created_at),
  };
}
