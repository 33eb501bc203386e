import type { RepoConfig } from "../config/schema.ts";
import { isWholeDiffFinding } from "../engines/builtin/index.ts";
import type { LlmCoverage } from "../engines/llm/llm-types.ts";
import type { ReviewEngine } from "../engines/review-engine.ts";
import { runReviewEngines, uniqueByPath } from "../engines/run-review-engines.ts";
import type { Finding, PlacedFinding } from "../review/finding.ts";
import { CHECKS_ENGINE } from "../review/fingerprint.ts";
import { type ReviewComment, type ReviewPassResult, reviewDiff } from "../review/review-pass.ts";
import type { KnownFinding } from "../review/verify-dispositions.ts";
import { claimOf } from "../store/disposition-repository.ts";
import type { StoredFinding } from "../store/finding-repository.ts";
import { carryFindings } from "./carry-findings.ts";
import type { PassDiff } from "./gather-diff.ts";
import { appendResolved } from "./render-resolved.ts";

/** An inline comment this pass posts, and the finding it shows. */
export interface NewComment {
  comment: ReviewComment;
  finding: PlacedFinding;
}

/** Everything a pass will post and record, computed before anything is posted. */
export interface PassPlan {
  result: ReviewPassResult;
  /** The review body and check-run summary: the rendered summary plus the resolved findings. */
  body: string;
  /** Inline comments for findings that have no thread yet (a known fingerprint is never re-posted). */
  newComments: NewComment[];
  /** Open findings this pass no longer produced: they become `resolved`. */
  resolved: StoredFinding[];
  /** How many open findings an incremental pass carried over from unchanged code. */
  carried: number;
  /** What the LLM engine did (shown in `body`, stored with the pass); absent when none ran. */
  llmCoverage?: LlmCoverage;
}

/** Input of {@link planPass}. */
export interface PlanInput {
  diff: PassDiff;
  /** Every finding stored for the pull request (open and resolved). */
  stored: readonly StoredFinding[];
  config: RepoConfig;
  headSha: string;
  marker: string;
  engines?: readonly ReviewEngine[];
  /** The loop's round (rounds dispatched so far): from 1 on the disposition table is shown. */
  loopRound?: number;
  /** The pass reviews the head the last pass reviewed (a re-run, `full-review`). */
  headUnchanged?: boolean;
  /** Findings dismissed with `/reviewloop ignore`: never carried, reported or resolved. */
  ignoredFingerprints?: ReadonlySet<string>;
}

/**
 * Runs the engines on the files to review, adds the open findings an incremental pass carries
 * over, and lets the pure review core fingerprint, identify, place and render them (anchors are
 * checked against every file of the pull request). Known fingerprints keep their ids; those
 * with a thread already are linked in the summary instead of commented again.
 */
export async function planPass(input: PlanInput): Promise<PassPlan> {
  const { diff, stored, config } = input;
  const ignored = input.ignoredFingerprints ?? new Set<string>();
  const open = stored.filter((f) => f.status === "open" && !ignored.has(f.fingerprint));
  const incremental = diff.mode === "incremental";
  // Whole-diff rules run on every file of the pull request each pass, and the checks engine
  // reads every annotation of the head, so their findings are produced afresh (or resolved),
  // never carried from unchanged lines.
  const carried = incremental
    ? carryFindings(
        open.map((f) => f.finding).filter((f) => !isWholeDiffFinding(f) && !isChecksFinding(f)),
        diff.changes,
      )
    : [];
  const engine = await runReviewEngines({
    files: diff.reviewFiles,
    ...(incremental ? { contextFiles: diff.prFiles } : {}),
    config,
    ...(input.engines === undefined ? {} : { engines: input.engines }),
  });

  // Open checks findings of a check this pass could not read (not completed, the engine failed)
  // stand as they were: nothing said they are fixed.
  const unread = new Set(engine.unreadRuleIds);
  const checksFailed = engine.failedEngines.includes(CHECKS_ENGINE);
  // Likewise an engine's open findings on files it could not review this pass (the LLM engine
  // over its budget, a failed request, no provider configured), unless carried already.
  const unreadPath = new Set(engine.unreadPaths.map((u) => `${u.engine}\0${u.path}`));
  const carriedPrints = new Set(carried.map((f) => `${f.ruleId}\0${f.path}\0${f.title}`));
  const standingStored = open.filter(
    ({ finding: f }) =>
      (isChecksFinding(f) && (checksFailed || unread.has(f.ruleId))) ||
      (!isChecksFinding(f) &&
        (engine.failedEngines.includes(f.engine) || unreadPath.has(`${f.engine}\0${f.path}`)) &&
        !carriedPrints.has(`${f.ruleId}\0${f.path}\0${f.title}`)),
  );
  const standing = standingStored.map((f) => f.finding);
  // Moved with their lines where the push left them untouched; else where they were (their
  // fingerprint does not depend on lines).
  const stood = incremental
    ? standing.map((f) => carryFindings([f], diff.changes)[0] ?? f)
    : standing;

  const links: Record<string, string> = {};
  for (const f of stored) if (f.commentUrl !== null) links[f.id] = f.commentUrl;
  const result = reviewDiff({
    files: diff.prFiles,
    findings: [...engine.findings, ...carried, ...stood],
    review: config.review,
    previousIds: stored.map((f) => ({ fingerprint: f.fingerprint, id: f.id })),
    ignoredFingerprints: ignored,
    verification: {
      known: stored.flatMap((f) => toKnown(f, ignored)),
      disputesBlock: config.remediation.disputes_block,
      headUnchanged: input.headUnchanged ?? false,
      changes: diff.changes,
      loopRound: input.loopRound ?? 0,
      // Nobody looked at these this pass: a `fixed` claim on one is not "still present" yet.
      unread: new Set(standingStored.map((f) => f.fingerprint)),
    },
    summary: {
      commits: { base: diff.base, head: input.headSha, mode: diff.mode },
      filesSkipped: uniqueByPath([...engine.filesSkipped, ...diff.unchanged]),
      truncatedAt3000: diff.truncatedAt3000,
      engineErrors: engine.engineErrors,
      ...(engine.llmCoverage === undefined ? {} : { llmCoverage: engine.llmCoverage }),
      links,
      marker: input.marker,
    },
  });

  const threaded = new Set(stored.filter((f) => f.commentId !== null).map((f) => f.fingerprint));
  const inline = result.placed.filter((f) => f.placement === "inline");
  const newComments = inline
    .map((finding, i) => ({ finding, comment: result.inlineComments[i]! }))
    .filter(({ finding }) => !threaded.has(finding.fingerprint));
  const produced = new Set([...result.placed, ...result.quiet].map((f) => f.fingerprint));
  const resolved = open.filter((f) => !produced.has(f.fingerprint));
  return {
    result,
    body: appendResolved(result.summaryMarkdown, resolved),
    newComments,
    resolved,
    carried: carried.length + stood.length,
    ...(engine.llmCoverage === undefined ? {} : { llmCoverage: engine.llmCoverage }),
  };
}

/** A finding of the checks engine: produced afresh from the head's annotations on every pass. */
function isChecksFinding(finding: Finding): boolean {
  return finding.engine === CHECKS_ENGINE;
}

/** A stored finding as verification reads it: ignored ones are left out, claims kept. */
function toKnown(f: StoredFinding, ignored: ReadonlySet<string>): KnownFinding[] {
  if (f.status === "ignored" || ignored.has(f.fingerprint)) return [];
  const claim = claimOf(f.disposition);
  return [{ id: f.id, fingerprint: f.fingerprint, status: f.status, finding: f.finding, claim }];
}
