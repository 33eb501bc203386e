import type { RepoConfig } from "../config/schema.ts";
import type { DiffFile } from "../review/diff-types.ts";
import type { EngineError, SkippedFile } from "../review/render-summary.ts";
import { selectReviewedFiles } from "../review/review-pass.ts";
import { builtinReviewEngine } from "./builtin-review-engine.ts";
import type { LlmCoverage } from "./llm/llm-types.ts";
import { mergeBuiltinDuplicates } from "./llm/merge-duplicates.ts";
import type { ReviewEngine } from "./review-engine.ts";

/** The engines a repository gets unless a caller (a test) says otherwise. */
export const DEFAULT_ENGINES: readonly ReviewEngine[] = [builtinReviewEngine];

/** Input of {@link runReviewEngines}. */
export interface RunEnginesInput {
  /** The files to review; `review.paths` is applied here. */
  files: readonly DiffFile[];
  /** Every file of the pull request when `files` is only part of it (`review.paths` applied here too). */
  contextFiles?: readonly DiffFile[];
  fileSizes?: Record<string, number>;
  config: RepoConfig;
  engines?: readonly ReviewEngine[];
}

/** Everything the engines said, ready for `reviewDiff`. */
export interface EnginesResult {
  findings: unknown[];
  /** Files outside `review.paths` and files the engines skipped, once per path. */
  filesSkipped: SkippedFile[];
  engineErrors: EngineError[];
  /** Engines that threw: their open findings stand as they were (nothing was looked at). */
  failedEngines: string[];
  /** Rule ids an engine could not read this pass (see `EngineOutput.unreadRuleIds`). */
  unreadRuleIds: string[];
  /** Paths an engine could not review this pass: its open findings there stand as they were. */
  unreadPaths: { engine: string; path: string }[];
  /** What the LLM engine did (absent when no LLM engine was given, e.g. the local CLI). */
  llmCoverage?: LlmCoverage;
}

/**
 * The engine step of every review pass (the local CLI and the GitHub job): applies
 * `review.paths`, runs each enabled engine on the selected files, and collects findings, skipped
 * files and errors. An engine that throws becomes an engine error; the others still report.
 */
export async function runReviewEngines(input: RunEnginesInput): Promise<EnginesResult> {
  const { config } = input;
  const { reviewed, skipped: outsidePaths } = selectReviewedFiles(input.files, config.review.paths);
  const context = input.contextFiles
    ? selectReviewedFiles(input.contextFiles, config.review.paths).reviewed
    : undefined;
  const findings: unknown[] = [];
  const skipped: SkippedFile[] = [...outsidePaths];
  const engineErrors: EngineError[] = [];
  const failedEngines: string[] = [];
  const unreadRuleIds: string[] = [];
  const unreadPaths: { engine: string; path: string }[] = [];
  let llmCoverage: LlmCoverage | undefined;
  for (const engine of input.engines ?? DEFAULT_ENGINES) {
    if (!engine.isEnabled(config)) continue;
    try {
      const output = await engine.review({
        files: reviewed,
        ...(context === undefined ? {} : { contextFiles: context }),
        ...(input.fileSizes === undefined ? {} : { fileSizes: input.fileSizes }),
        config,
      });
      findings.push(...output.findings);
      skipped.push(...output.skipped);
      engineErrors.push(...output.errors);
      unreadRuleIds.push(...(output.unreadRuleIds ?? []));
      for (const path of output.unreadPaths ?? []) unreadPaths.push({ engine: engine.name, path });
      if (output.llmCoverage !== undefined) llmCoverage = output.llmCoverage;
    } catch (error) {
      failedEngines.push(engine.name);
      engineErrors.push({
        engine: engine.name,
        message: (error as Error).message ?? String(error),
      });
    }
  }
  // An LLM finding saying what a builtin rule already says on the same lines is merged into it.
  const merged = mergeBuiltinDuplicates(findings);
  if (llmCoverage?.state === "on") llmCoverage = { ...llmCoverage, merged: merged.merged };
  return {
    findings: merged.findings,
    filesSkipped: uniqueByPath(skipped),
    engineErrors,
    failedEngines,
    unreadRuleIds,
    unreadPaths,
    ...(llmCoverage === undefined ? {} : { llmCoverage }),
  };
}

/** The first reason given for a path wins (review.paths before an engine's own reason). */
export function uniqueByPath(skipped: readonly SkippedFile[]): SkippedFile[] {
  const seen = new Set<string>();
  return skipped.filter((s) => {
    if (seen.has(s.path)) return false;
    seen.add(s.path);
    return true;
  });
}
