import { describeDispositions } from "./describe-dispositions.ts";
import type { PayloadLimit } from "./dispatch-limits.ts";
import { utf8Length } from "./dispatch-limits.ts";
import {
  DISPATCH_PAYLOAD_VERSION,
  type DispatchPayload,
  type FailingCheck,
  type PayloadFinding,
  type PayloadInput,
  type PreviousAttempt,
} from "./dispatch-payload.ts";
import { trimHead, trimTail } from "./trim-text.ts";

const SEVERITY_RANK: Record<PayloadFinding["severity"], number> = {
  critical: 0,
  warning: 1,
  info: 2,
};

/** `F2` before `F10`: ids share a prefix and differ by their number. */
function compareIds(a: string, b: string): number {
  const numberOf = (id: string) => Number(/(\d+)$/.exec(id)?.[1] ?? Number.NaN);
  const byNumber = numberOf(a) - numberOf(b);
  if (Number.isFinite(byNumber) && byNumber !== 0) return byNumber;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The order findings are given (and, from the end, left out) in: blocking first, then by
 * severity, path and line. Paths compare by code unit, not locale, so every machine agrees.
 */
export function compareFindings(a: PayloadFinding, b: PayloadFinding): number {
  if (a.blocking !== b.blocking) return a.blocking ? -1 : 1;
  const bySeverity = SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
  if (bySeverity !== 0) return bySeverity;
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.start_line - b.start_line || a.end_line - b.end_line || compareIds(a.id, b.id);
}

/** How much of each long text a payload keeps, from "all of it" to the harshest cut. */
interface TrimLevel {
  body: number;
  /** A longer suggestion is left out whole: half a replacement would be wrong code. */
  suggestion: number;
  logTail: number;
  /** A failing check's output summary. */
  summary: number;
  /** How many annotations each failing check keeps, and how much of each message. */
  annotations: number;
  annotationMessage: number;
}

const TRIM_LEVELS: readonly TrimLevel[] = [
  {
    body: Number.POSITIVE_INFINITY,
    suggestion: Number.POSITIVE_INFINITY,
    logTail: Number.POSITIVE_INFINITY,
    summary: Number.POSITIVE_INFINITY,
    annotations: Number.POSITIVE_INFINITY,
    annotationMessage: Number.POSITIVE_INFINITY,
  },
  {
    body: 4_000,
    suggestion: 8_000,
    logTail: 8_000,
    summary: 4_000,
    annotations: 50,
    annotationMessage: 1_000,
  },
  {
    body: 1_500,
    suggestion: 3_000,
    logTail: 3_000,
    summary: 1_500,
    annotations: 20,
    annotationMessage: 300,
  },
  {
    body: 500,
    suggestion: 0,
    logTail: 1_000,
    summary: 500,
    annotations: 10,
    annotationMessage: 200,
  },
];

/**
 * The last resort for the failing checks when even no findings do not fit at the harshest
 * level: each check keeps its name, conclusion, page, title and annotation count only.
 */
const BARE_CHECKS: TrimLevel = { ...TRIM_LEVELS.at(-1)!, summary: 0, annotations: 0, logTail: 0 };

/** A copy with only the contract's keys (the schema allows no others), texts cut to `level`. */
function trimFinding(finding: PayloadFinding, level: TrimLevel): PayloadFinding {
  let body = trimHead(finding.body, level.body, finding.url);
  const suggestion = finding.suggestion;
  const keepSuggestion = suggestion !== undefined && suggestion.length <= level.suggestion;
  if (suggestion !== undefined && !keepSuggestion) {
    body += `\n\n(The suggested replacement, ${suggestion.length} characters, was left out to fit the payload's size limit${finding.url ? `; it is in the inline comment: ${finding.url}` : ""}.)`;
  }
  return {
    id: finding.id,
    severity: finding.severity,
    blocking: finding.blocking,
    rule: finding.rule,
    path: finding.path,
    start_line: finding.start_line,
    end_line: finding.end_line,
    side: finding.side,
    title: finding.title,
    body,
    ...(keepSuggestion ? { suggestion } : {}),
    ...(finding.url !== undefined ? { url: finding.url } : {}),
  };
}

function trimAttempt(attempt: PreviousAttempt, level: TrimLevel): PreviousAttempt {
  return {
    attempt: attempt.attempt,
    dispatch_id: attempt.dispatch_id,
    conclusion: attempt.conclusion,
    ...(attempt.run_url !== undefined ? { run_url: attempt.run_url } : {}),
    failed_jobs: attempt.failed_jobs.map((job) => ({
      name: job.name,
      ...(job.failed_step !== undefined ? { failed_step: job.failed_step } : {}),
      ...(job.log_tail !== undefined ? { log_tail: trimTail(job.log_tail, level.logTail) } : {}),
    })),
    ...(attempt.error !== undefined ? { error: trimHead(attempt.error, 1_000) } : {}),
  };
}

/** A copy with only the contract's keys, texts and annotations cut to `level`. */
function trimCheck(check: FailingCheck, level: TrimLevel): FailingCheck {
  const keepSummary = check.summary !== undefined && level.summary > 0;
  const keepLog = check.log_tail !== undefined && level.logTail > 0;
  return {
    name: check.name,
    conclusion: check.conclusion,
    ...(check.url !== undefined ? { url: check.url } : {}),
    ...(check.title !== undefined ? { title: trimHead(check.title, 1_000) } : {}),
    ...(keepSummary ? { summary: trimHead(check.summary!, level.summary, check.url) } : {}),
    annotations_count: check.annotations_count,
    annotations: check.annotations.slice(0, level.annotations).map((a) => ({
      path: a.path,
      start_line: a.start_line,
      end_line: a.end_line,
      level: a.level,
      ...(a.title !== undefined ? { title: trimHead(a.title, level.annotationMessage) } : {}),
      message: trimHead(a.message, level.annotationMessage),
    })),
    ...(check.failed_steps !== undefined ? { failed_steps: check.failed_steps } : {}),
    ...(keepLog ? { log_tail: trimTail(check.log_tail!, level.logTail) } : {}),
    ...(check.read_error !== undefined ? { read_error: trimHead(check.read_error, 1_000) } : {}),
  };
}

function assemble(
  input: PayloadInput,
  findings: PayloadFinding[],
  omitted: number,
  previousAttempts: PreviousAttempt[],
  firstId: string | undefined,
  failingChecks: FailingCheck[],
): DispatchPayload {
  return {
    version: DISPATCH_PAYLOAD_VERSION,
    dispatch_id: input.dispatchId,
    repository: { id: input.repository.id, full_name: input.repository.fullName },
    pull_request: {
      number: input.pullRequest.number,
      head_sha: input.pullRequest.headSha,
      base_sha: input.pullRequest.baseSha,
      head_ref: input.pullRequest.headRef,
      html_url: input.pullRequest.htmlUrl,
    },
    round: {
      number: input.round,
      limit: input.roundLimit,
      attempt: input.attempt,
      max_attempts: input.maxAttempts,
    },
    scope: input.scope,
    findings,
    findings_omitted: omitted,
    failing_checks: failingChecks,
    previous_attempts: previousAttempts,
    dispositions: describeDispositions(firstId),
  };
}

function fits(payload: DispatchPayload, limit: PayloadLimit): boolean {
  const text = JSON.stringify(payload);
  if (text.length > limit.maxChars) return false;
  return limit.maxBytes === undefined || utf8Length(text) <= limit.maxBytes;
}

/**
 * The payload of one dispatch, within `limit` once serialized with `JSON.stringify`. Findings
 * are sorted by `compareFindings`; failing checks keep their order (by name). When the whole
 * payload is too big, long texts are cut step by step (bodies and summaries keep their start,
 * log tails their end, an oversized suggestion is left out and the body says so, failing checks
 * keep fewer annotations); when even the harshest cut is too big, findings are left out from the
 * end and `findings_omitted` counts them, and when no finding fits, the failing checks are cut to
 * their name, conclusion, page, title and annotation count. Throws a RangeError when even that
 * does not fit, which only a limit far below any target's can cause.
 */
export function buildDispatchPayload(input: PayloadInput, limit: PayloadLimit): DispatchPayload {
  const sorted = [...input.findings].sort(compareFindings);
  const firstId = sorted[0]?.id;
  const failing = input.failingChecks ?? [];
  let findings: PayloadFinding[] = [];
  let attempts: PreviousAttempt[] = [];
  let checks: FailingCheck[] = [];
  for (const level of TRIM_LEVELS) {
    findings = sorted.map((finding) => trimFinding(finding, level));
    attempts = input.previousAttempts.map((attempt) => trimAttempt(attempt, level));
    checks = failing.map((check) => trimCheck(check, level));
    const payload = assemble(input, findings, 0, attempts, firstId, checks);
    if (fits(payload, limit)) return payload;
  }
  const keeping = (count: number) =>
    assemble(input, findings.slice(0, count), findings.length - count, attempts, firstId, checks);
  if (!fits(keeping(0), limit)) {
    checks = failing.map((check) => trimCheck(check, BARE_CHECKS));
  }
  if (!fits(keeping(0), limit)) {
    throw new RangeError(
      `A dispatch payload without findings is longer than the limit (${limit.maxChars} characters)`,
    );
  }
  // The longest prefix that fits: a payload only grows with each finding kept.
  let low = 0;
  let high = findings.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(keeping(middle), limit)) low = middle;
    else high = middle - 1;
  }
  return keeping(low);
}
