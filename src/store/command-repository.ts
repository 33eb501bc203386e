import { cooldownRemaining } from "../commands/cooldown-remaining.ts";
import type { Db, Queryable } from "./db.ts";

/** Which kind of GitHub comment held the commands: ids are unique only within a kind. */
export type CommentKind = "issue_comment" | "review_comment";

/** Identifies one comment with commands. */
export interface CommentKey {
  kind: CommentKind;
  id: number;
}

/** The comment, where it was posted and by whom, and the job executing it. */
export interface CommandRunClaim extends CommentKey {
  installationId: number;
  repoId: number;
  prNumber: number;
  actor: string;
  jobId: number;
}

/** What one command of a comment came to, recorded as it completes. */
export interface CommandResultRecord {
  line: number;
  command: string;
  outcome: "ran" | "refused" | "failed" | "invalid";
  /** The reply's fragment for this command (markdown). */
  message: string;
  /** True when the reaction says it all (see `CommandOutcome.quiet`). */
  quiet?: boolean;
}

/** The reaction that closes a comment's run. */
export type FinalReaction = "+1" | "confused";

/** A comment's run as stored. */
export interface CommandRun {
  status: "running" | "done" | "ignored" | "failed";
  jobId: number | null;
  replyCommentId: number | null;
  /** The outcomes recorded so far, one per command line. */
  results: CommandResultRecord[];
  reaction: FinalReaction | null;
}

/**
 * `claimed`: this job runs the comment's commands (first time, or a retry of this same job),
 * with what an earlier attempt recorded; `taken`: another job ran them or runs them now — a
 * comment's commands run once, whatever happens to its jobs (an edit after the PR-close
 * cancelled the first job, a redelivery).
 */
export type ClaimOutcome = ({ claimed: true } & CommandRun) | { claimed: false };

interface RunRow {
  status: CommandRun["status"];
  job_id: number | string | null;
  reply: number | string | null;
  results: CommandResultRecord[] | null;
  reaction: FinalReaction | null;
}

function toRun(row: RunRow): CommandRun {
  return {
    status: row.status,
    jobId: row.job_id === null ? null : Number(row.job_id),
    replyCommentId: row.reply === null ? null : Number(row.reply),
    // Rows finished before outcomes were recorded with their message hold only the summary.
    results: (row.results ?? []).filter((r) => typeof r.message === "string"),
    reaction: row.reaction,
  };
}

/** A comment's run, or null when no job has claimed the comment. */
export async function readCommandRun(q: Queryable, key: CommentKey): Promise<CommandRun | null> {
  const { rows } = await q.query<RunRow>(
    `SELECT status, job_id, reply_comment_id AS reply, results, reaction FROM command_runs
     WHERE comment_kind = $1 AND comment_id = $2`,
    [key.kind, key.id],
  );
  return rows[0] === undefined ? null : toRun(rows[0]);
}

/**
 * Claims a comment for a job. The row is keyed by the comment, so a second job for the same
 * comment (an edited comment, a redelivery that got past the job's dedupe key) is refused.
 */
export async function claimCommandRun(q: Queryable, claim: CommandRunClaim): Promise<ClaimOutcome> {
  const inserted = await q.query(
    `INSERT INTO command_runs (installation_id, repo_id, pr_number, comment_kind, comment_id, actor, job_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (comment_kind, comment_id) DO NOTHING`,
    [
      claim.installationId,
      claim.repoId,
      claim.prNumber,
      claim.kind,
      claim.id,
      claim.actor,
      claim.jobId,
    ],
  );
  if (inserted.rowCount === 1) {
    return {
      claimed: true,
      status: "running",
      jobId: claim.jobId,
      replyCommentId: null,
      results: [],
      reaction: null,
    };
  }
  const run = await readCommandRun(q, claim);
  if (run?.status === "running" && run.jobId === claim.jobId) return { claimed: true, ...run };
  return { claimed: false };
}

/**
 * Records one command's outcome, unless its line has one already (then the stored one stands).
 * Call it in the transaction of the command's effect: the effect and its outcome commit together.
 * Returns the outcome that is stored.
 */
export async function recordCommandOutcome(
  q: Queryable,
  key: CommentKey,
  result: CommandResultRecord,
): Promise<CommandResultRecord> {
  // The row lock taken by the UPDATE serializes two writers of one comment.
  const { rows } = await q.query<{ results: CommandResultRecord[] }>(
    `UPDATE command_runs SET results = CASE
       WHEN EXISTS (SELECT 1 FROM jsonb_array_elements(results) r WHERE (r->>'line')::int = $3)
       THEN results ELSE results || jsonb_build_array($4::jsonb) END
     WHERE comment_kind = $1 AND comment_id = $2
     RETURNING results`,
    [key.kind, key.id, result.line, JSON.stringify(result)],
  );
  return rows[0]?.results.find((r) => r.line === result.line) ?? result;
}

/** Records the reply as soon as it is posted (or found), so a retried job never posts it twice. */
export async function recordCommandReply(
  q: Queryable,
  key: CommentKey,
  replyCommentId: number,
): Promise<void> {
  await q.query(
    "UPDATE command_runs SET reply_comment_id = $3 WHERE comment_kind = $1 AND comment_id = $2",
    [key.kind, key.id, replyCommentId],
  );
}

/**
 * Records the closing reaction unless one is recorded already, and returns the recorded one:
 * whoever sends it next (a retry, the failure reporter) sends that same reaction.
 */
export async function recordCommandReaction(
  q: Queryable,
  key: CommentKey,
  reaction: FinalReaction,
): Promise<FinalReaction> {
  const { rows } = await q.query<{ reaction: FinalReaction }>(
    `UPDATE command_runs SET reaction = COALESCE(reaction, $3)
     WHERE comment_kind = $1 AND comment_id = $2 RETURNING reaction`,
    [key.kind, key.id, reaction],
  );
  return rows[0]?.reaction ?? reaction;
}

/**
 * Marks a comment's run as handled (`done`), deliberately not obeyed (`ignored`), or given up
 * (`failed`: the job died and the failure was reported). The recorded outcomes stay.
 */
export async function finishCommandRun(
  q: Queryable,
  key: CommentKey,
  status: "done" | "ignored" | "failed",
): Promise<void> {
  await q.query(
    `UPDATE command_runs SET status = $3, finished_at = now()
     WHERE comment_kind = $1 AND comment_id = $2`,
    [key.kind, key.id, status],
  );
}

/** The pull request a cooldown applies to. */
export interface CooldownScope {
  installationId: number;
  repoId: number;
  prNumber: number;
}

export type CooldownOutcome = { ok: true } | { ok: false; remainingSeconds: number };

/**
 * Takes the per-PR cooldown of `command` for this comment, or says how long is left. The same
 * comment may take it again (a retried job must not be refused by its own run). The row is
 * locked while deciding, so two replicas cannot both take it.
 */
export function claimCooldown(
  db: Db,
  scope: CooldownScope,
  command: string,
  comment: CommentKey,
  now: Date,
  cooldownSeconds: number,
): Promise<CooldownOutcome> {
  return db.transaction(async (tx) => {
    // Insert first: of two concurrent first claims, the second waits for the first to commit
    // and then finds its row (a SELECT … FOR UPDATE of a missing row would lock nothing).
    const inserted = await tx.query(
      `INSERT INTO command_cooldowns (installation_id, repo_id, pr_number, command, last_run_at,
         comment_kind, comment_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (repo_id, pr_number, command) DO NOTHING`,
      [scope.installationId, scope.repoId, scope.prNumber, command, now, comment.kind, comment.id],
    );
    if (inserted.rowCount === 1) return { ok: true };
    const { rows } = await tx.query<{
      last_run_at: Date;
      comment_kind: string;
      comment_id: number;
    }>(
      `SELECT last_run_at, comment_kind, comment_id FROM command_cooldowns
       WHERE repo_id = $1 AND pr_number = $2 AND command = $3 FOR UPDATE`,
      [scope.repoId, scope.prNumber, command],
    );
    const row = rows[0]!;
    const same = row.comment_kind === comment.kind && Number(row.comment_id) === comment.id;
    if (same) return { ok: true };
    const remaining = cooldownRemaining(new Date(row.last_run_at), now, cooldownSeconds);
    if (remaining > 0) return { ok: false, remainingSeconds: remaining };
    await tx.query(
      `UPDATE command_cooldowns SET last_run_at = $4, comment_kind = $5, comment_id = $6
       WHERE repo_id = $1 AND pr_number = $2 AND command = $3`,
      [scope.repoId, scope.prNumber, command, now, comment.kind, comment.id],
    );
    return { ok: true };
  });
}
