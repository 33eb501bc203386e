import { cancelQueuedJobs } from "../jobs/cancel-queued-jobs.ts";
import { enqueueJob } from "../jobs/enqueue-job.ts";
import { supersedeJob } from "../jobs/supersede-job.ts";
import { checksWaitTimerJob } from "../loop/checks-jobs.ts";
import { type PullRequestRef, prGroupKey, runReviewJob } from "../loop/effect-jobs.ts";
import { reduce } from "../loop/reduce.ts";
import {
  collectDiagnosticsJob,
  dispatchJob,
  dispatchTimerJob,
  handOffJob,
  labelJob,
  publicDispatchId,
} from "../loop/remediation-jobs.ts";
import {
  type Effect,
  INITIAL_LOOP_STATE,
  type LoopEvent,
  type LoopState,
  type RecordAttemptEffect,
} from "../loop/types.ts";
import type { Db, Queryable } from "../store/db.ts";

/** A loop event as it arrived: which delivery, which pull request. */
export interface EventEnvelope extends PullRequestRef {
  /** `X-GitHub-Delivery`; a redelivery keeps it, so it is the dedupe key. */
  deliveryId: string;
  /** `pull_request`, `issue_comment`, … (recorded with the delivery). */
  eventName: string;
  event: LoopEvent;
}

/** Options of one `applyEvent`. */
export interface ApplyOptions {
  /**
   * Runs first inside the transaction; a throw rolls everything back. A job passes its
   * `assertLease`, so a job that lost its lease, or whose repository was purged meanwhile,
   * records nothing (and cannot create the loop row again).
   */
  guard?: (tx: Queryable) => Promise<void>;
}

export type ApplyOutcome =
  | { applied: false; reason: "duplicate_delivery" }
  | {
      applied: true;
      state: LoopState;
      enqueued: number;
      cancelled: number;
      /** For a command: what the loop did or why it refused. */
      answer?: string;
    };

/**
 * Records the delivery and locks the PR's loop row (creating it on first sight) in one
 * statement; null when the delivery id was seen before (a redelivery: nothing to do). The
 * upsert's row lock serializes concurrent events of one pull request like `FOR UPDATE` would.
 */
async function recordDeliveryAndLockLoop(
  tx: Queryable,
  envelope: EventEnvelope,
): Promise<LoopState | null> {
  const { rows } = await tx.query<{ state: LoopState }>(
    `WITH delivery AS (
       INSERT INTO deliveries (delivery_id, installation_id, repo_id, event)
       VALUES ($1, $2, $3, $4) ON CONFLICT (delivery_id) DO NOTHING
       RETURNING 1
     )
     INSERT INTO loops (installation_id, repo_id, pr_number, repo_full_name, status, state)
     SELECT $2, $3, $5, $6, $7, $8 FROM delivery
     ON CONFLICT (repo_id, pr_number) DO UPDATE SET repo_full_name = EXCLUDED.repo_full_name
     RETURNING state`,
    [
      envelope.deliveryId,
      envelope.installationId,
      envelope.repoId,
      envelope.eventName,
      envelope.prNumber,
      envelope.repoFullName,
      INITIAL_LOOP_STATE.status,
      INITIAL_LOOP_STATE,
    ],
  );
  const row = rows[0];
  return row ? { ...INITIAL_LOOP_STATE, ...row.state } : null;
}

async function saveLoop(tx: Queryable, pr: PullRequestRef, state: LoopState): Promise<void> {
  await tx.query(
    `UPDATE loops SET state = $3, status = $4, head_sha = $5, repo_full_name = $6,
       installation_id = $7, version = version + 1, updated_at = now()
     WHERE repo_id = $1 AND pr_number = $2`,
    [
      pr.repoId,
      pr.prNumber,
      state,
      state.status,
      state.headSha,
      pr.repoFullName,
      pr.installationId,
    ],
  );
}

/**
 * The intent of a dispatch attempt, recorded with the state that decided it: the Dispatch job
 * claims this row before anything leaves, so a crash after sending is an unknown outcome it
 * looks up, never a second dispatch.
 */
async function recordAttempt(tx: Queryable, pr: PullRequestRef, effect: RecordAttemptEffect) {
  await tx.query(
    `INSERT INTO dispatches (installation_id, repo_id, pr_number, round, attempt, dispatch_id,
       target, status, head_sha, fingerprints, scope)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'intended', $8, $9::jsonb, $10)
     ON CONFLICT (dispatch_id) DO NOTHING`,
    [
      pr.installationId,
      pr.repoId,
      pr.prNumber,
      effect.round,
      effect.attempt,
      publicDispatchId(pr, effect.dispatchId),
      effect.target,
      effect.headSha,
      JSON.stringify(effect.fingerprints),
      effect.scope,
    ],
  );
}

/** Executes one effect inside the spine's transaction: counts what it enqueued and cancelled. */
async function executeEffect(
  tx: Queryable,
  pr: PullRequestRef,
  effect: Effect,
): Promise<{ enqueued: number; cancelled: number }> {
  switch (effect.kind) {
    case "RunReview": {
      // A newer head supersedes a queued review of an older one.
      const outcome = await supersedeJob(tx, runReviewJob(pr, effect));
      return { enqueued: outcome.enqueued ? 1 : 0, cancelled: outcome.cancelled };
    }
    case "CancelQueued":
      return { enqueued: 0, cancelled: await cancelQueuedJobs(tx, { groupKey: prGroupKey(pr) }) };
    case "RecordAttempt":
      await recordAttempt(tx, pr, effect);
      return { enqueued: 0, cancelled: 0 };
    case "Dispatch":
      return counted(await enqueueJob(tx, { ...dispatchJob(pr, effect), maxAttempts: 6 }));
    case "ScheduleTimeout":
      return counted(await enqueueJob(tx, dispatchTimerJob(pr, effect)));
    case "CollectDiagnostics":
      return counted(await enqueueJob(tx, collectDiagnosticsJob(pr, effect)));
    case "HandOff":
      return counted(await enqueueJob(tx, handOffJob(pr, effect)));
    case "Label":
      return counted(await enqueueJob(tx, labelJob(pr, effect)));
    case "ScheduleChecksWait":
      return counted(await enqueueJob(tx, checksWaitTimerJob(pr, effect)));
  }
}

function counted(job: { id: number } | null): { enqueued: number; cancelled: number } {
  return { enqueued: job === null ? 0 : 1, cancelled: 0 };
}

/**
 * The spine: one transaction that records the delivery (a redelivery stops here), locks the PR's
 * loop row, runs the pure reducer, saves the new state and turns its effects into jobs. Nothing
 * slow happens here: the webhook is acknowledged as soon as this commits. An optional guard runs
 * before anything else in the same transaction.
 */
export function applyEvent(
  db: Db,
  envelope: EventEnvelope,
  options: ApplyOptions = {},
): Promise<ApplyOutcome> {
  return db.transaction(async (tx) => {
    await options.guard?.(tx);
    const current = await recordDeliveryAndLockLoop(tx, envelope);
    if (current === null) return { applied: false, reason: "duplicate_delivery" } as const;
    const { state, effects, answer } = reduce(current, envelope.event);
    await saveLoop(tx, envelope, state);
    let enqueued = 0;
    let cancelled = 0;
    for (const effect of effects) {
      const counts = await executeEffect(tx, envelope, effect);
      enqueued += counts.enqueued;
      cancelled += counts.cancelled;
    }
    return {
      applied: true,
      state,
      enqueued,
      cancelled,
      ...(answer === undefined ? {} : { answer }),
    } as const;
  });
}
