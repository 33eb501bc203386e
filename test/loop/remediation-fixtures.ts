/**
 * Builders for the remediation reducer tables: events addressed to whatever the loop waits for
 * (its awaited pass, its current attempt), so each table row reads as "this happened next".
 */
import { reduce } from "../../src/loop/reduce.ts";
import {
  type CommandIssued,
  type DispatchAnswered,
  type Effect,
  type FixerRunUpdated,
  type HeadUpdated,
  INITIAL_LOOP_STATE,
  type LoopCommand,
  type LoopEvent,
  type LoopSettings,
  type LoopState,
  type ReviewFinished,
  type RoundInFlight,
} from "../../src/loop/types.ts";

/** The schema's defaults with remediation on (`max_rounds: 5`, `no_progress_rounds: 2`, …). */
export const SETTINGS: LoopSettings = {
  enabled: true,
  maxRounds: 5,
  noProgressRounds: 2,
  maxAttempts: 3,
  dispatchTimeoutMinutes: 30,
  onHumanPush: "pause",
  fixerLogins: ["fixer-bot[bot]"],
  target: "workflow_dispatch",
};

export const human = { login: "alice", type: "User" };
export const fixerBot = { login: "fixer-bot[bot]", type: "Bot" };

export function settings(extra: Partial<LoopSettings> = {}): LoopSettings {
  return { ...SETTINGS, ...extra };
}

/** The state after each event in turn. */
export function replay(from: LoopState, ...events: LoopEvent[]): LoopState {
  return events.reduce((state, event) => reduce(state, event).state, from);
}

export function opened(sha: string): HeadUpdated {
  return {
    type: "HeadUpdated",
    action: "opened",
    headSha: sha,
    baseSha: "base",
    baseRef: "main",
    draft: false,
    actor: human,
  };
}

/** A push on top of the loop's head. */
export function push(
  state: LoopState,
  sha: string,
  actor: HeadUpdated["actor"] = human,
  extra: Partial<HeadUpdated> = {},
): HeadUpdated {
  return {
    type: "HeadUpdated",
    action: "synchronize",
    headSha: sha,
    baseSha: "base",
    baseRef: "main",
    draft: false,
    actor,
    before: state.headSha ?? undefined,
    ...extra,
  };
}

/** The awaited pass posted its review; `blocking` are the fingerprints still open. */
export function posted(
  state: LoopState,
  blocking: string[],
  extra: Partial<ReviewFinished> = {},
): ReviewFinished {
  const pass = state.pass;
  if (!pass) throw new Error(`no pass awaited (status ${state.status})`);
  return {
    type: "ReviewFinished",
    headSha: pass.headSha,
    seq: pass.seq,
    outcome: "posted",
    blocking: blocking.length > 0,
    blockingFingerprints: blocking,
    openFindings: blocking.length,
    settings: state.settings ?? SETTINGS,
    fork: false,
    ...extra,
  };
}

export function fixOf(state: LoopState): RoundInFlight {
  if (!state.fix) throw new Error(`no round in flight (status ${state.status})`);
  return state.fix;
}

export function answer(
  state: LoopState,
  result: DispatchAnswered["result"],
  extra: Partial<DispatchAnswered> = {},
): DispatchAnswered {
  return { type: "DispatchAnswered", dispatchId: fixOf(state).dispatchId, result, ...extra };
}

export function run(
  state: LoopState,
  status: FixerRunUpdated["status"],
  conclusion?: string,
): FixerRunUpdated {
  return {
    type: "FixerRunUpdated",
    dispatchId: fixOf(state).dispatchId,
    runId: 42,
    runUrl: "https://github.com/acme/widgets/actions/runs/42",
    status,
    ...(conclusion === undefined ? {} : { conclusion }),
  };
}

export function timedOut(state: LoopState, timer: "no_result" | "no_push"): LoopEvent {
  return { type: "DispatchTimedOut", dispatchId: fixOf(state).dispatchId, timer };
}

export function attemptFailed(state: LoopState, summary = "failure in job fix"): LoopEvent {
  return { type: "DispatchAttemptFailed", dispatchId: fixOf(state).dispatchId, summary };
}

export function command(
  name: LoopCommand,
  state: LoopState,
  extra: Partial<CommandIssued> = {},
): CommandIssued {
  return {
    type: "CommandIssued",
    command: name,
    headSha: state.headSha ?? "h1",
    baseSha: "base",
    requestId: `issue_comment-1-${name}`,
    actor: human,
    ...extra,
  };
}

/** Opened at `h1` with `loop` settings; the review pass of `h1` is awaited. */
export function reviewingH1(loop: LoopSettings = SETTINGS): LoopState {
  return { ...replay(INITIAL_LOOP_STATE, opened("h1")), settings: loop };
}

/** Round 1 dispatched for `h1`, where `f1` and `f2` block. */
export function roundOne(loop: LoopSettings = SETTINGS): LoopState {
  const reviewing = reviewingH1(loop);
  return reduce(reviewing, posted(reviewing, ["f1", "f2"])).state;
}

/** Round 1 accepted by the fixer, which then pushed `sha`: its review is awaited. */
export function fixerPushed(loop: LoopSettings = SETTINGS, sha = "h2"): LoopState {
  const round = roundOne(loop);
  const accepted = replay(round, answer(round, "accepted"));
  return replay(accepted, push(accepted, sha, fixerBot));
}

/** The round's current attempt failed by a refusal, `times` times in a row. */
export function refused(state: LoopState, times: number): LoopState {
  let next = state;
  for (let i = 0; i < times; i++) {
    next = replay(next, answer(next, "refused", { detail: "HTTP 422: workflow not found" }));
  }
  return next;
}

export function kinds(effects: Effect[]): Effect["kind"][] {
  return effects.map((effect) => effect.kind);
}

export function only<K extends Effect["kind"]>(
  effects: Effect[],
  kind: K,
): Extract<Effect, { kind: K }>[] {
  return effects.filter((effect): effect is Extract<Effect, { kind: K }> => effect.kind === kind);
}
