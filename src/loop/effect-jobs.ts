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
}

/** Jobs of one PR share this key, so the worker never runs two of them at once. */
export function prGroupKey(pr: Pick<PullRequestRef, "repoId" | "prNumber">): string {
  return `pr:${pr.repoId}#${pr.prNumber}`;
}

/**
 * One automatic review per head sha: a second event for the same sha enqueues nothing. A
 * requested review (re-run, ready for review) adds its request id, so it is a new job.
 */
export function reviewDedupeKey(pr: PullRequestRef, headSha: string, requestId?: string): string {
  const key = `review:${pr.repoId}#${pr.prNumber}@${headSha}`;
  return requestId === undefined ? key : `${key}~${requestId}`;
}

/** The job that executes a RunReview effect. */
export function runReviewJob(pr: PullRequestRef, effect: RunReviewEffect) {
  const payload: RunReviewPayload = {
    ...pr,
    headSha: effect.headSha,
    baseSha: effect.baseSha,
    trigger: effect.trigger,
    ...(effect.requestId === undefined ? {} : { requestId: effect.requestId }),
    ...(effect.mode === undefined ? {} : { mode: effect.mode }),
  };
  return {
    kind: "RunReview" as const,
    installationId: pr.installationId,
    repoId: pr.repoId,
    payload,
    dedupeKey: reviewDedupeKey(pr, effect.headSha, effect.requestId),
    groupKey: prGroupKey(pr),
  };
}
