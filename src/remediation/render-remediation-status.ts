/**
 * Where remediation stands, in words: for the `/reviewloop status` reply and for the `reviewloop`
 * check run's summary. Pure; both show the same lines so a person reads one story in two places.
 */

import type { HandOffKind, LoopSettings, LoopState, RoundPhase } from "../loop/types.ts";
import { escapeInline, inlineCode } from "../review/render-escape.ts";
import { describeDiagnostics, renderLink, renderLogTail } from "./render-diagnostics.ts";
import { NEEDS_HUMAN_LABEL } from "./render-hand-off.ts";
import type { AttemptDiagnostics } from "./run-diagnostics.ts";

const PHASES: Record<RoundPhase, string> = {
  dispatching: "dispatching the fixer",
  held: "held by a cap; it is dispatched when the cap allows",
  retry_wait: "the last attempt failed; the next one is dispatched after a pause",
  accepted: "dispatched; waiting for the fixer's run to start",
  running: "the fixer's run is in progress",
  completed: "the fixer's run succeeded; waiting for its push",
  pushed: "the fixer pushed; its commit is being reviewed",
};

const HAND_OFF_KINDS: Record<HandOffKind, string> = {
  max_rounds: "round limit reached",
  no_progress: "no progress",
  dispatch_failing: "dispatch failing",
};

/** Lines of the check run's log tail (the hand-off comment shows up to 100). */
const SECTION_TAIL = { maxLines: 20, maxChars: 3_000 };

/**
 * Markdown list lines: round `k/limit`, the round in flight (phase in words, attempt `a/max`,
 * dispatch id, run, note), the no-progress count, the hand-off and the last failed attempt in
 * one line. `settings` null: the limits are unknown (no pass read the configuration yet).
 */
export function renderRemediationStatus(
  state: LoopState,
  settings: LoopSettings | null,
  lastDiagnostics: AttemptDiagnostics | null,
  /** The public `dispatch_id` of an attempt (what names the fixer's run); the loop's own id if absent. */
  publicId: (dispatchId: string) => string = (id) => id,
): string[] {
  const lines = [`- Round: ${describeRound(state, settings)}`];
  const fix = state.fix ?? null;
  if (fix !== null) {
    const attempts =
      settings === null ? `${fix.attempt}` : `${fix.attempt}/${settings.maxAttempts}`;
    const run = fix.runUrl === undefined ? "" : `, ${renderLink("run", fix.runUrl)}`;
    const note = fix.note === undefined || fix.note === "" ? "" : ` ${sentence(fix.note)}`;
    lines.push(
      `- In flight: round ${fix.round}, attempt ${attempts}: ${PHASES[fix.phase]} (dispatch ${inlineCode(publicId(fix.dispatchId))}${run}).${note}`,
    );
  }
  const stalled = state.noProgressRounds ?? 0;
  if (stalled > 0 && settings !== null) {
    lines.push(`- Rounds without progress: ${stalled}/${settings.noProgressRounds}`);
  }
  const handOff = state.handOff ?? null;
  if (handOff !== null) {
    const label = state.labeled ? `, label ${inlineCode(NEEDS_HUMAN_LABEL)} added` : "";
    lines.push(
      `- Handed off (${HAND_OFF_KINDS[handOff.kind]}) at round ${handOff.round}${label}: ${sentence(handOff.reason)}`,
    );
  }
  if (lastDiagnostics !== null) {
    lines.push(`- Last failed attempt: ${describeDiagnostics(lastDiagnostics)}`);
  }
  return lines;
}

/**
 * The check run's `## Remediation` section: the status lines, then the end of the first failed
 * job's log (short; the hand-off comment has more). "" when remediation never ran and is off,
 * so a repository that does not use it sees nothing new.
 */
export function renderRemediationSection(
  state: LoopState,
  settings: LoopSettings | null,
  lastDiagnostics: AttemptDiagnostics | null,
  appSlug = "reviewloop",
): string {
  const used =
    (settings?.enabled ?? false) ||
    state.round > 0 ||
    (state.fix ?? null) !== null ||
    (state.handOff ?? null) !== null ||
    lastDiagnostics !== null;
  if (!used) return "";
  const parts = [
    "## Remediation",
    "",
    renderRemediationStatus(state, settings, lastDiagnostics).join("\n"),
  ];
  parts.push(...renderFailedLogTail(lastDiagnostics, appSlug));
  return parts.join("\n");
}

/**
 * The end (last 20 lines) of the first failed job's log of an attempt, with a blank line and a
 * heading before it; no lines when no failed job left a log. Tails are kept scrubbed of secrets;
 * `renderLogTail` keeps them from forging markers or commands. For the check run's section and
 * the `status` reply (the hand-off comment shows up to 100 lines of every failed job).
 */
export function renderFailedLogTail(
  diagnostics: AttemptDiagnostics | null,
  appSlug = "reviewloop",
): string[] {
  const job = diagnostics?.failedJobs.find((j) => j.logTail.trim() !== "");
  if (job === undefined) return [];
  return [
    "",
    `End of the log of ${inlineCode(job.name)}:`,
    "",
    renderLogTail(job.logTail, appSlug, SECTION_TAIL),
  ];
}

function describeRound(state: LoopState, settings: LoopSettings | null): string {
  if (settings === null) return `${state.round}`;
  const extra = state.extraRounds ?? 0;
  const granted = extra > 0 ? ` (${extra} granted by ${inlineCode("resume")})` : "";
  const off = settings.enabled
    ? ""
    : ` — automatic rounds are off (${inlineCode("remediation.enabled: false")})`;
  return `${state.round}/${settings.maxRounds + extra}${granted}${off}`;
}

/** Escaped one-line text ending with a full stop. */
function sentence(text: string): string {
  const escaped = escapeInline(text.trim());
  return /[.!?]$/.test(escaped) ? escaped : `${escaped}.`;
}
