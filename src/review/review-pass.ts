import picomatch from "picomatch";
import type { RepoConfig } from "../config/schema.ts";
import type { LlmCoverage } from "../engines/llm/llm-types.ts";
import { assignIds, type KnownId } from "./assign-ids.ts";
import { buildCommentableIndex } from "./commentable-lines.ts";
import type { DiffFile } from "./diff-types.ts";
import { type Finding, findingSchema, type PlacedFinding, type Verdict } from "./finding.ts";
import { createAnchoredTextReader, fingerprint } from "./fingerprint.ts";
import { DISPOSITION_ROW_LIMIT } from "./order-disposition-rows.ts";
import { placeFindings } from "./place-findings.ts";
import type { DispositionRow } from "./render-disposition-table.ts";
import { renderInlineComment } from "./render-inline-comment.ts";
import { type EngineError, renderSummary, type SkippedFile } from "./render-summary.ts";
import {
  type CheckConclusion,
  countBySeverity,
  decideConclusion,
  decideVerdict,
  type ReviewEvent,
  type SeverityCounts,
  toReviewEvent,
} from "./verdict.ts";
import { quietFingerprints, type Verification } from "./verify-dispositions.ts";
import { type VerificationContext, verifyPass } from "./verify-pass.ts";

export type { VerificationContext } from "./verify-pass.ts";

/** The review settings a pass depends on (a slice of `.github/reviewloop.yml`). */
export type ReviewSettings = Pick<
  RepoConfig["review"],
  "blocking_severity" | "approve" | "max_inline_comments"
>;

/** One comment of `POST /pulls/{n}/reviews`, in GitHub's field names, ready to send unchanged. */
export interface ReviewComment {
  path: string;
  line: number;
  side: "LEFT" | "RIGHT";
  start_line?: number;
  start_side?: "LEFT" | "RIGHT";
  body: string;
}

/** Input of {@link reviewDiff}. */
export interface ReviewPassInput {
  /** Every file of the diff (reviewed or not): the anchors are checked against all of them. */
  files: readonly DiffFile[];
  /** Engine output as received; entries that fail the finding schema become engine errors. */
  findings: readonly unknown[];
  review: ReviewSettings;
  /** Ids given by earlier passes on this pull request, so known findings keep theirs. */
  previousIds?: readonly KnownId[];
  /** Fingerprints dismissed with `/reviewloop ignore`: left out of the pass entirely. */
  ignoredFingerprints?: ReadonlySet<string>;
  /**
   * What the pull request had before this pass, to verify claims and keep disputed and deferred
   * findings quiet (docs/remediation.md, "Verification"). Without it nothing is verified.
   */
  verification?: VerificationContext;
  /** What the summary reports besides the findings. */
  summary: {
    commits: { base: string; head: string; mode: "full" | "incremental" };
    round?: { k: number; max: number };
    filesSkipped: readonly SkippedFile[];
    truncatedAt3000?: boolean;
    engineErrors: readonly EngineError[];
    /** What the LLM engine did, shown under Coverage (absent: nothing about it is shown). */
    llmCoverage?: LlmCoverage;
    links?: Readonly<Record<string, string>>;
    /** The hidden pass marker; see `passMarker`. */
    marker?: string;
  };
}

/** Everything a review pass posts, computed without I/O. */
export interface ReviewPassResult {
  /**
   * Findings with ids, fingerprints and placement, in id-assignment order (path, line, rule):
   * the ones that count (verdict, conclusion, counts, comments, annotations, findings list).
   */
  placed: PlacedFinding[];
  /**
   * Findings produced again whose `disagree` (without `disputes_block`) or `deferred` claim keeps
   * them quiet: recorded and shown only as rows of the disposition table.
   */
  quiet: PlacedFinding[];
  /** What the pass verified, one entry per row of the disposition table (id order). */
  verifications: Verification[];
  /**
   * The whole disposition table (every row, ≤ 65,535 characters) for the check run's details
   * (`output.text`); absent when no table is shown.
   */
  dispositionText?: string;
  /**
   * The rows of the disposition table, most urgent first (empty when no table is shown); kept
   * with the pass so `/reviewloop status` shows the same table.
   */
  dispositionRows: DispositionRow[];
  verdict: Verdict;
  /** The `event` of the review request. */
  reviewEvent: ReviewEvent;
  /** The conclusion of the `reviewloop` check run. */
  conclusion: CheckConclusion;
  counts: SeverityCounts;
  /** Review body and check-run summary (≤ 65,535 characters). */
  summaryMarkdown: string;
  /** The inline comments, one per `inline` finding. */
  inlineComments: ReviewComment[];
  /** The engine errors given, plus findings that failed validation. */
  engineErrors: EngineError[];
  /** Number of files reviewed (all files minus the skipped ones). */
  filesReviewed: number;
}

/**
 * One review pass, pure: validates engine findings, fingerprints them against the diff, gives
 * them per-PR ids, places them (inline when GitHub accepts the anchor, else the summary), decides
 * verdict and check conclusion, and renders the summary and every inline comment. With a
 * `verification` context it also verifies the claims of known findings, leaves quiet findings
 * (disputed, deferred) out of everything but the disposition table, and renders that table.
 */
export function reviewDiff(input: ReviewPassInput): ReviewPassResult {
  const { files, review, summary } = input;
  const { valid, errors } = validateFindings(input.findings);
  const engineErrors = [...summary.engineErrors, ...errors];

  const readAnchoredText = createAnchoredTextReader(files);
  const ignored = input.ignoredFingerprints ?? new Set<string>();
  const fingerprinted = valid
    .map((f) => ({ ...f, fingerprint: fingerprint(f, readAnchoredText(f)) }))
    .filter((f) => !ignored.has(f.fingerprint));
  const identified = assignIds(fingerprinted, input.previousIds ?? []);
  const context = input.verification;
  const quietSet = context ? quietFingerprints(context.known, context.disputesBlock) : new Set();
  const quiet = identified
    .filter((f) => quietSet.has(f.fingerprint))
    .map((f): PlacedFinding => ({ ...f, placement: "summary" }));
  const placed = placeFindings(
    identified.filter((f) => !quietSet.has(f.fingerprint)),
    buildCommentableIndex(files),
    { maxInline: review.max_inline_comments },
  );
  const verified = context
    ? verifyPass(context, [...placed, ...quiet], summary.commits.mode)
    : { verifications: [], rows: [] };
  const { rows } = verified;

  const verdict = decideVerdict(placed, {
    blockingSeverity: review.blocking_severity,
    approve: review.approve,
  });
  const counts = countBySeverity(placed);
  const skippedPaths = new Set(summary.filesSkipped.map((s) => s.path));
  const filesReviewed = files.filter((f) => !skippedPaths.has(f.path)).length;

  const summaryMarkdown = renderSummary({
    verdict,
    counts,
    blockingSeverity: review.blocking_severity,
    round: summary.round,
    commits: summary.commits,
    coverage: {
      filesReviewed,
      filesSkipped: summary.filesSkipped,
      truncatedAt3000: summary.truncatedAt3000,
      engineErrors,
      ...(summary.llmCoverage === undefined ? {} : { llm: summary.llmCoverage }),
    },
    findings: placed,
    links: summary.links,
    ...(rows.length > 0
      ? {
          dispositions: rows.slice(0, DISPOSITION_ROW_LIMIT),
          dispositionsOmitted: Math.max(0, rows.length - DISPOSITION_ROW_LIMIT),
        }
      : {}),
    marker: summary.marker,
  });

  return {
    placed,
    quiet,
    verifications: verified.verifications,
    ...(verified.text === undefined ? {} : { dispositionText: verified.text }),
    dispositionRows: rows,
    verdict,
    reviewEvent: toReviewEvent(verdict),
    conclusion: decideConclusion(placed, review.blocking_severity),
    counts,
    summaryMarkdown,
    inlineComments: placed.filter((f) => f.placement === "inline").map(toReviewComment),
    engineErrors,
    filesReviewed,
  };
}

/** The review comment for an inline finding; `start_line` only for a real range. */
export function toReviewComment(finding: PlacedFinding): ReviewComment {
  const comment: ReviewComment = {
    path: finding.path,
    line: finding.line,
    side: finding.side,
    body: renderInlineComment(finding),
  };
  if (
    finding.startLine !== null &&
    finding.startLine !== undefined &&
    finding.startLine < finding.line
  ) {
    comment.start_line = finding.startLine;
    comment.start_side = finding.side;
  }
  return comment;
}

/** Splits engine output into valid findings and one error per malformed entry. */
export function validateFindings(raw: readonly unknown[]): {
  valid: Finding[];
  errors: EngineError[];
} {
  const valid: Finding[] = [];
  const errors: EngineError[] = [];
  for (const entry of raw) {
    const result = findingSchema.safeParse(entry);
    if (result.success) {
      valid.push(result.data);
      continue;
    }
    const engine = (entry as { engine?: unknown } | null)?.engine;
    const issue = result.error.issues[0];
    errors.push({
      engine: typeof engine === "string" && engine !== "" ? engine.slice(0, 50) : "unknown",
      message: `malformed finding dropped: ${issue.path.join(".") || "(root)"}: ${issue.message}`,
    });
  }
  return { valid, errors };
}

/**
 * Applies `review.paths`: a file is reviewed when its path matches an `include` glob and no
 * `exclude` glob (picomatch, dotfiles included). The others are returned as skipped, with why.
 */
export function selectReviewedFiles(
  files: readonly DiffFile[],
  paths: RepoConfig["review"]["paths"],
): { reviewed: DiffFile[]; skipped: SkippedFile[] } {
  const included = picomatch(paths.include, { dot: true });
  const excluded = paths.exclude.length > 0 ? picomatch(paths.exclude, { dot: true }) : () => false;
  const reviewed: DiffFile[] = [];
  const skipped: SkippedFile[] = [];
  for (const file of files) {
    if (!included(file.path))
      skipped.push({ path: file.path, reason: "not in review.paths.include" });
    else if (excluded(file.path))
      skipped.push({ path: file.path, reason: "in review.paths.exclude" });
    else reviewed.push(file);
  }
  return { reviewed, skipped };
}
