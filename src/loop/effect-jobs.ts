import type { RunReviewEffect } from "./types.ts";

/** Identifies one pull request everywhere: jobs, logs, markers. */
export interface PullRequestRef {
  installationId: number;
  repoId: number;
  /** `owner/name` at the time of the event (ids stay stable across renames; names do not). */
  repoFullName: string;
  prNumber: number;
}

/** The payload of a `RunReview` job. */
export interface RunReviewPayload extends PullRequestRef {
  headSha: string;
  baseSha: string;
  trigger: string;
  /** See `RunReviewEffect.requestId`. */
  requestId?: string;
  /** `full` (from `/reviewloop full-review`): review from the base even if an incremental pass could run. */
  mode?: "full";
  /** See `RunReviewEffect.seq`: reported back in `ReviewFinished`. */
  seq?: number;
}

/** Jobs of one PR share this key, so the worker never runs two of them at once. */
export function prGroupKey(pr: Pick<PullRequestRef, "repoId" | "prNumber">): string {
  return `pr:${pr.repoId}#${pr.prNumber}`;
}

/**
 * The key of one RunReview effect. The loop's review sequence number makes every effect its
 * own job: a review asked for while a pass of the same head runs (a reopen, a force-push back,
 * a re-read) queues behind it instead of finding its key taken. The reducer, not the key, keeps
 * one automatic review per head (it ignores a head it knows); a redelivered webhook stops at the
 * deliveries table. A requested review also carries its request id, for people reading the key.
 */
export function reviewDedupeKey(
  pr: PullRequestRef,
  headSha: string,
  requestId?: string,
  seq?: number,
): string {
  const key = `review:${pr.repoId}#${pr.prNumber}@${headSha}`;
  const requested = requestId === undefined ? key : `${key}~${requestId}`;
  return seq === undefined ? requested : `${requested}/${seq}`;
}

/** The job that executes a RunReview effect; `now` places a delayed one (a re-read of GitHub). */
export function runReviewJob(pr: PullRequestRef, effect: RunReviewEffect, now = new Date()) {
  const payload: RunReviewPayload = {
    ...pr,
    headSha: effect.headSha,
    baseSha: effect.baseSha,
    trigger: effect.trigger,
    ...(effect.requestId === undefined ? {} : { requestId: effect.requestId }),
    ...(effect.mode === undefined ? {} : { mode: effect.mode }),
    ...(effect.seq === undefined ? {} : { seq: effect.seq }),
  };
  return {
    kind: "RunReview" as const,
    installationId: pr.installationId,
    repoId: pr.repoId,
    payload,
    dedupeKey: reviewDedupeKey(pr, effect.headSha, effect.requestId, effect.seq),
    groupKey: prGroupKey(pr),
    ...(effect.delayMs === undefined ? {} : { runAt: new Date(now.getTime() + effect.delayMs) }),
  };
}
