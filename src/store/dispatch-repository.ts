import type { AttemptDiagnostics } from "../remediation/run-diagnostics.ts";
import type { Queryable } from "./db.ts";

/** One dispatch attempt as stored (`dispatches`, one row per attempt). */
export interface DispatchAttempt {
  dispatchId: string;
  installationId: number;
  repoId: number;
  prNumber: number;
  round: number;
  attempt: number;
  target: string;
  /** intended → sending → accepted → running → succeeded | failed; held; refused. */
  status: string;
  headSha: string | null;
  scope: "blocking" | "all";
  fingerprints: string[];
  runId: number | null;
  runUrl: string | null;
  conclusion: string | null;
  diagnostics: AttemptDiagnostics | null;
  sentAt: Date | null;
  createdAt: Date;
}

interface Row {
  dispatch_id: string;
  installation_id: number;
  repo_id: number;
  pr_number: number;
  round: number;
  attempt: number;
  target: string;
  status: string;
  head_sha: string | null;
  scope: string;
  fingerprints: string[] | null;
  run_id: number | string | null;
  run_url: string | null;
  conclusion: string | null;
  diagnostics: AttemptDiagnostics | null;
  sent_at: Date | null;
  created_at: Date;
}

const COLUMNS = `dispatch_id, installation_id, repo_id, pr_number, round, attempt, target, status,
  head_sha, scope, fingerprints, run_id, run_url, conclusion, diagnostics, sent_at, created_at`;

function toAttempt(row: Row): DispatchAttempt {
  return {
    dispatchId: row.dispatch_id,
    installationId: Number(row.installation_id),
    repoId: Number(row.repo_id),
    prNumber: row.pr_number,
    round: row.round,
    attempt: row.attempt,
    target: row.target,
    status: row.status,
    headSha: row.head_sha,
    scope: row.scope === "all" ? "all" : "blocking",
    fingerprints: row.fingerprints ?? [],
    runId: row.run_id === null ? null : Number(row.run_id),
    runUrl: row.run_url,
    conclusion: row.conclusion,
    diagnostics: row.diagnostics,
    sentAt: row.sent_at === null ? null : new Date(row.sent_at),
    createdAt: new Date(row.created_at),
  };
}

/** The attempt with this public dispatch id; `lock` takes its row lock (inside a transaction). */
export async function readAttempt(
  q: Queryable,
  dispatchId: string,
  lock = false,
): Promise<DispatchAttempt | null> {
  const { rows } = await q.query<Row>(
    `SELECT ${COLUMNS} FROM dispatches WHERE dispatch_id = $1${lock ? " FOR UPDATE" : ""}`,
    [dispatchId],
  );
  return rows[0] === undefined ? null : toAttempt(rows[0]);
}

/** The attempt that started this run, if one did (`workflow_run` events name their run). */
export async function readAttemptByRun(
  q: Queryable,
  repoId: number,
  runId: number,
): Promise<DispatchAttempt | null> {
  const { rows } = await q.query<Row>(
    `SELECT ${COLUMNS} FROM dispatches WHERE repo_id = $1 AND run_id = $2 ORDER BY id DESC LIMIT 1`,
    [repoId, runId],
  );
  return rows[0] === undefined ? null : toAttempt(rows[0]);
}

/** Every attempt of one round of a pull request, oldest first (the next payload's history). */
export async function listRoundAttempts(
  q: Queryable,
  pr: { repoId: number; prNumber: number },
  round: number,
): Promise<DispatchAttempt[]> {
  const { rows } = await q.query<Row>(
    `SELECT ${COLUMNS} FROM dispatches WHERE repo_id = $1 AND pr_number = $2 AND round = $3
     ORDER BY attempt, id`,
    [pr.repoId, pr.prNumber, round],
  );
  return rows.map(toAttempt);
}

/** The newest attempt of a pull request that failed or was refused (with its diagnostics). */
export async function readLastFailedAttempt(
  q: Queryable,
  pr: { repoId: number; prNumber: number },
): Promise<DispatchAttempt | null> {
  const { rows } = await q.query<Row>(
    `SELECT ${COLUMNS} FROM dispatches WHERE repo_id = $1 AND pr_number = $2
       AND status IN ('failed', 'refused') ORDER BY id DESC LIMIT 1`,
    [pr.repoId, pr.prNumber],
  );
  return rows[0] === undefined ? null : toAttempt(rows[0]);
}

/**
 * Earlier attempts of this attempt's round that may have started a run nobody saw: sent (or
 * possibly sent) with no run known, and failed for want of one (no run in time, or the job died
 * while sending) or still `sending`. The next attempt looks for their runs before it sends.
 */
export async function listUnconfirmedAttempts(
  q: Queryable,
  attempt: Pick<DispatchAttempt, "repoId" | "prNumber" | "round" | "dispatchId">,
): Promise<DispatchAttempt[]> {
  const { rows } = await q.query<Row>(
    `SELECT ${COLUMNS} FROM dispatches
     WHERE repo_id = $1 AND pr_number = $2 AND round = $3 AND dispatch_id <> $4
       AND sent_at IS NOT NULL AND run_id IS NULL
       AND (status = 'sending' OR (status = 'failed' AND conclusion IN ('no_run', 'dispatch_error')))
     ORDER BY id DESC`,
    [attempt.repoId, attempt.prNumber, attempt.round, attempt.dispatchId],
  );
  return rows.map(toAttempt);
}

/**
 * The run an attempt started, found later (by the next attempt's look): kept on its row, so it
 * is not adopted twice, whatever its status says.
 */
export async function recordFoundRun(
  q: Queryable,
  dispatchId: string,
  run: { runId: number; runUrl: string },
): Promise<void> {
  await q.query(
    "UPDATE dispatches SET run_id = $2, run_url = $3, updated_at = now() WHERE dispatch_id = $1",
    [dispatchId, run.runId, run.runUrl],
  );
}

/** Why an attempt's outcome stayed unknown (its row stays `sending`). */
export async function noteUnknownOutcome(
  q: Queryable,
  dispatchId: string,
  message: string,
): Promise<void> {
  await q.query(
    `UPDATE dispatches SET diagnostics = $2::jsonb, updated_at = now()
     WHERE dispatch_id = $1 AND status = 'sending'`,
    [dispatchId, JSON.stringify({ conclusion: "unknown", failedJobs: [], message })],
  );
}

/** Dispatches sent for a repository since the start of the UTC day of `now`. */
export async function countSentToday(q: Queryable, repoId: number, now: Date): Promise<number> {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const { rows } = await q.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM dispatches WHERE repo_id = $1 AND sent_at >= $2",
    [repoId, day],
  );
  return rows[0]?.n ?? 0;
}

/**
 * Rounds in flight across every repository this process serves, not counting `except`: loops
 * whose round the fixer has (accepted, running, finished and awaiting its push), and loops whose
 * current attempt is being sent (its row claimed, `sending`, no answer stored yet). Counted per
 * pull request, so a round is counted once whichever of the two it shows.
 */
export async function countRoundsInFlight(
  q: Queryable,
  except: { repoId: number; prNumber: number },
): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM loops l
     WHERE NOT (l.repo_id = $1 AND l.pr_number = $2)
       AND (l.state->'fix'->>'phase' IN ('accepted', 'running', 'completed')
         OR EXISTS (
           SELECT 1 FROM dispatches d
           WHERE d.repo_id = l.repo_id AND d.pr_number = l.pr_number AND d.status = 'sending'
             AND d.dispatch_id = 'rl-' || l.repo_id || '-' || l.pr_number || '-'
               || (l.state->'fix'->>'dispatchId')))`,
    [except.repoId, except.prNumber],
  );
  return rows[0]?.n ?? 0;
}

/** The attempt is about to be sent: claimed, with its payload, counted for the daily cap. */
export async function markSending(
  q: Queryable,
  dispatchId: string,
  payload: unknown,
): Promise<void> {
  await q.query(
    `UPDATE dispatches SET status = 'sending', payload = $2::jsonb, sent_at = coalesce(sent_at, now()),
       attempts = attempts + 1, updated_at = now()
     WHERE dispatch_id = $1`,
    [dispatchId, JSON.stringify(payload)],
  );
}

/** A cap held the attempt (it stays claimable). */
export async function markHeld(q: Queryable, dispatchId: string, why: string): Promise<void> {
  await q.query(
    `UPDATE dispatches SET status = 'held', diagnostics = $2::jsonb, updated_at = now()
     WHERE dispatch_id = $1 AND status IN ('intended', 'held')`,
    [dispatchId, JSON.stringify({ conclusion: "held", failedJobs: [], message: why })],
  );
}

/** What the target answered, or how the run ended. */
export async function recordAttemptOutcome(
  q: Queryable,
  dispatchId: string,
  outcome: {
    status: "accepted" | "running" | "succeeded" | "failed" | "refused" | "unavailable";
    runId?: number;
    runUrl?: string;
    conclusion?: string;
    diagnostics?: AttemptDiagnostics;
  },
): Promise<void> {
  await q.query(
    `UPDATE dispatches SET status = $2, run_id = coalesce($3, run_id), run_url = coalesce($4, run_url),
       conclusion = coalesce($5, conclusion), diagnostics = coalesce($6::jsonb, diagnostics),
       updated_at = now()
     WHERE dispatch_id = $1`,
    [
      dispatchId,
      outcome.status,
      outcome.runId ?? null,
      outcome.runUrl ?? null,
      outcome.conclusion ?? null,
      outcome.diagnostics === undefined ? null : JSON.stringify(outcome.diagnostics),
    ],
  );
}
