import { cancelQueuedJobs } from "../jobs/cancel-queued-jobs.ts";
import { enqueueJob } from "../jobs/enqueue-job.ts";
import { type PullRequestRef, prGroupKey, runReviewJob } from "../loop/effect-jobs.ts";
import { reduce } from "../loop/reduce.ts";
import { INITIAL_LOOP_STATE, type LoopEvent, type LoopState } from "../loop/types.ts";
import type { Db, Queryable } from "../store/db.ts";

/** A loop event as it arrived: which delivery, which pull request. */
export interface EventEnvelope extends PullRequestRef {
  /** `X-GitHub-Delivery`; a redelivery keeps it, so it is the dedupe key. */
  deliveryId: string;
  /** `pull_request`, `issue_comment`, … (recorded with the delivery). */
  eventName: string;
  event: LoopEvent;
}

export type ApplyOutcome =
  | { applied: false; reason: "duplicate_delivery" }
  | { applied: true; state: LoopState; enqueued: number; cancelled: number };

async function recordDelivery(tx: Queryable, envelope: EventEnvelope): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO deliveries (delivery_id, installation_id, repo_id, event)
     VALUES ($1, $2, $3, $4) ON CONFLICT (delivery_id) DO NOTHING`,
    [envelope.deliveryId, envelope.installationId, envelope.repoId, envelope.eventName],
  );
  return rowCount === 1;
}

async function lockLoop(tx: Queryable, pr: PullRequestRef): Promise<LoopState> {
  await tx.query(
    `INSERT INTO loops (installation_id, repo_id, pr_number, repo_full_name, status, state)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (repo_id, pr_number) DO NOTHING`,
    [
      pr.installationId,
      pr.repoId,
      pr.prNumber,
      pr.repoFullName,
      INITIAL_LOOP_STATE.status,
      INITIAL_LOOP_STATE,
    ],
  );
  const { rows } = await tx.query<{ state: LoopState }>(
    "SELECT state FROM loops WHERE repo_id = $1 AND pr_number = $2 FOR UPDATE",
    [pr.repoId, pr.prNumber],
  );
  return { ...INITIAL_LOOP_STATE, ...rows[0]!.state };
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
 * The spine: one transaction that records the delivery (a redelivery stops here), locks the PR's
 * loop row, runs the pure reducer, saves the new state and turns its effects into jobs. Nothing
 * slow happens here: the webhook is acknowledged as soon as this commits.
 */
export function applyEvent(db: Db, envelope: EventEnvelope): Promise<ApplyOutcome> {
  return db.transaction(async (tx) => {
    if (!(await recordDelivery(tx, envelope))) {
      return { applied: false, reason: "duplicate_delivery" } as const;
    }
    const current = await lockLoop(tx, envelope);
    const { state, effects } = reduce(current, envelope.event);
    await saveLoop(tx, envelope, state);
    let enqueued = 0;
    let cancelled = 0;
    for (const effect of effects) {
      switch (effect.kind) {
        case "RunReview": {
          const job = runReviewJob(envelope, effect);
          // A newer head supersedes a queued review of an older one.
          cancelled += await cancelQueuedJobs(tx, { groupKey: job.groupKey, kind: job.kind });
          if (await enqueueJob(tx, job)) enqueued++;
          break;
        }
        case "CancelQueued":
          cancelled += await cancelQueuedJobs(tx, { groupKey: prGroupKey(envelope) });
          break;
      }
    }
    return { applied: true, state, enqueued, cancelled } as const;
  });
}
