import { type PullRequestRef, prGroupKey } from "./effect-jobs.ts";
import { runAfter } from "./remediation-jobs.ts";
import type { ScheduleChecksWaitEffect } from "./types.ts";

/** The payload of an `ObserveChecks` job: read `headSha`'s check runs, report `ChecksObserved`. */
export interface ObserveChecksPayload extends PullRequestRef {
  headSha: string;
  /** The `check_suite` / `check_run` delivery that asked (logs, and the event's delivery id). */
  deliveryId: string;
}

/** The payload of a `ChecksWaitTimer` job: report `ChecksWaitExpired` for `headSha`. */
export interface ChecksWaitTimerPayload extends PullRequestRef {
  headSha: string;
}

/**
 * One observation per completed check delivery: a redelivery enqueues nothing (its delivery id
 * is the key). Observations of one pull request run in its group, after the pass that may be
 * running.
 */
export function observeChecksJob(pr: PullRequestRef, headSha: string, deliveryId: string) {
  const payload: ObserveChecksPayload = { ...pr, headSha, deliveryId };
  return {
    kind: "ObserveChecks" as const,
    installationId: pr.installationId,
    repoId: pr.repoId,
    payload,
    dedupeKey: `observe-checks:${pr.repoId}#${pr.prNumber}@${headSha}:${deliveryId}`,
    groupKey: prGroupKey(pr),
  };
}

/** The timer bounding the wait for `effect.headSha`'s checks: one per head. */
export function checksWaitTimerJob(
  pr: PullRequestRef,
  effect: ScheduleChecksWaitEffect,
  now = new Date(),
) {
  const payload: ChecksWaitTimerPayload = { ...pr, headSha: effect.headSha };
  return {
    kind: "ChecksWaitTimer" as const,
    installationId: pr.installationId,
    repoId: pr.repoId,
    payload,
    dedupeKey: `checks-wait:${pr.repoId}#${pr.prNumber}@${effect.headSha}`,
    groupKey: prGroupKey(pr),
    runAt: runAfter(now, effect.delayMs),
  };
}
