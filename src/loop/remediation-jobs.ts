import { type PullRequestRef, prGroupKey } from "./effect-jobs.ts";
import type {
  CollectDiagnosticsEffect,
  DispatchEffect,
  HandOffEffect,
  LabelEffect,
  ScheduleTimeoutEffect,
} from "./types.ts";

/**
 * How long a remediation delay (a timeout, a backoff, a held cap) really waits, as a fraction:
 * 1 in production. End-to-end tests set `REVIEWLOOP_REMEDIATION_TIME_SCALE` so that "30 minutes"
 * passes in a second; the loop's decisions and the words it shows are unchanged.
 */
let delayScale = 1;

export function setRemediationTimeScale(scale: number): void {
  delayScale = scale;
}

export function runAfter(now: Date, delayMs: number): Date {
  return new Date(now.getTime() + Math.round(delayMs * delayScale));
}

/**
 * The public `dispatch_id` of an attempt: the repository and pull request, then the loop's own
 * id of the attempt (`r<round>.<attempt>.<seq>`). It names the fixer's run (`run-name`), keys the
 * `dispatches` row and is the webhook receiver's dedupe key, so it is unique across repositories.
 */
export function publicDispatchId(
  pr: Pick<PullRequestRef, "repoId" | "prNumber">,
  id: string,
): string {
  return `rl-${pr.repoId}-${pr.prNumber}-${id}`;
}

const PUBLIC_ID = /\brl-(\d+)-(\d+)-(r\d+\.\d+\.\d+)\b/;

/** Reads a public dispatch id out of a run's name; null when it holds none. */
export function parsePublicDispatchId(
  text: string,
): { repoId: number; prNumber: number; dispatchId: string; publicId: string } | null {
  const match = PUBLIC_ID.exec(text);
  if (match === null) return null;
  return {
    repoId: Number(match[1]),
    prNumber: Number(match[2]),
    dispatchId: match[3] as string,
    publicId: match[0],
  };
}

/** Payload of a `Dispatch` job. */
export interface DispatchPayloadJob extends PullRequestRef {
  dispatchId: string;
  publicId: string;
  seq: number;
  round: number;
  attempt: number;
  headSha: string;
}

export function dispatchJob(pr: PullRequestRef, effect: DispatchEffect, now = new Date()) {
  const publicId = publicDispatchId(pr, effect.dispatchId);
  const payload: DispatchPayloadJob = {
    ...pr,
    dispatchId: effect.dispatchId,
    publicId,
    seq: effect.seq,
    round: effect.round,
    attempt: effect.attempt,
    headSha: effect.headSha,
  };
  return {
    kind: "Dispatch" as const,
    installationId: pr.installationId,
    repoId: pr.repoId,
    payload,
    dedupeKey: `dispatch:${publicId}/${effect.seq}`,
    groupKey: prGroupKey(pr),
    ...(effect.delayMs === undefined ? {} : { runAt: runAfter(now, effect.delayMs) }),
  };
}

/** Payload of a `DispatchTimer` job. */
export interface DispatchTimerJob extends PullRequestRef {
  dispatchId: string;
  publicId: string;
  timer: ScheduleTimeoutEffect["timer"];
}

export function dispatchTimerJob(
  pr: PullRequestRef,
  effect: ScheduleTimeoutEffect,
  now = new Date(),
) {
  const publicId = publicDispatchId(pr, effect.dispatchId);
  const payload: DispatchTimerJob = {
    ...pr,
    dispatchId: effect.dispatchId,
    publicId,
    timer: effect.timer,
  };
  return {
    kind: "DispatchTimer" as const,
    installationId: pr.installationId,
    repoId: pr.repoId,
    payload,
    dedupeKey: `timer:${publicId}:${effect.timer}`,
    groupKey: prGroupKey(pr),
    runAt: runAfter(now, effect.delayMs),
  };
}

/** Payload of a `CollectDiagnostics` job. */
export interface CollectDiagnosticsJob extends PullRequestRef {
  dispatchId: string;
  publicId: string;
  runId: number;
  conclusion: string;
}

export function collectDiagnosticsJob(pr: PullRequestRef, effect: CollectDiagnosticsEffect) {
  const publicId = publicDispatchId(pr, effect.dispatchId);
  const payload: CollectDiagnosticsJob = {
    ...pr,
    dispatchId: effect.dispatchId,
    publicId,
    runId: effect.runId,
    conclusion: effect.conclusion,
  };
  return {
    kind: "CollectDiagnostics" as const,
    installationId: pr.installationId,
    repoId: pr.repoId,
    payload,
    dedupeKey: `diagnostics:${publicId}:${effect.runId}`,
    groupKey: prGroupKey(pr),
  };
}

/** Payload of a `HandOff` job. */
export interface HandOffJob extends PullRequestRef {
  handOff: HandOffEffect["handOff"];
}

export function handOffJob(pr: PullRequestRef, effect: HandOffEffect) {
  const payload: HandOffJob = { ...pr, handOff: effect.handOff };
  return {
    kind: "HandOff" as const,
    installationId: pr.installationId,
    repoId: pr.repoId,
    payload,
    dedupeKey: `handoff:${pr.repoId}#${pr.prNumber}/${effect.seq}`,
    groupKey: prGroupKey(pr),
  };
}

/** Payload of a `Label` job. */
export interface LabelJob extends PullRequestRef {
  action: LabelEffect["action"];
}

export function labelJob(pr: PullRequestRef, effect: LabelEffect) {
  const payload: LabelJob = { ...pr, action: effect.action };
  return {
    kind: "Label" as const,
    installationId: pr.installationId,
    repoId: pr.repoId,
    payload,
    dedupeKey: `label:${pr.repoId}#${pr.prNumber}:${effect.action}/${effect.seq}`,
    groupKey: prGroupKey(pr),
  };
}
