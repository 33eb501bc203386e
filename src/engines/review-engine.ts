import type { RepoConfig } from "../config/schema.ts";
import type { DiffFile } from "../review/diff-types.ts";
import type { EngineError, SkippedFile } from "../review/render-summary.ts";
import type { LlmCoverage } from "./llm/llm-types.ts";

/** What every engine is given: the files to review (already filtered by `review.paths`). */
export interface EngineInput {
  files: DiffFile[];
  /** Every file of the pull request (filtered by `review.paths`) when `files` is only part of it. */
  contextFiles?: DiffFile[];
  /** Size in bytes of files on the new side, when the caller knows them. */
  fileSizes?: Record<string, number>;
  config: RepoConfig;
}

/** What an engine reports. Findings are validated later (`reviewDiff`), never trusted here. */
export interface EngineOutput {
  findings: unknown[];
  /** Files the engine did not review, and why. */
  skipped: SkippedFile[];
  errors: EngineError[];
  /**
   * Rule ids whose source this pass could not read (a check that had not completed, annotations
   * GitHub would not list): their open findings stand as they were instead of being resolved.
   */
  unreadRuleIds?: string[];
  /**
   * Paths this engine could not review this pass (over the budget, a failed request): its open
   * findings there stand as they were instead of being resolved.
   */
  unreadPaths?: string[];
  /** The LLM engine's coverage (files, tokens, cache hits): shown in the summary, stored per pass. */
  llmCoverage?: LlmCoverage;
}

/** A review engine (builtin rules, LLM, CI checks): one interface, chosen by config. */
export interface ReviewEngine {
  /** `builtin`, `llm`, `checks`: shown in engine errors. */
  name: string;
  /** Whether the repository config turns this engine on. */
  isEnabled(config: RepoConfig): boolean;
  /** Reviews the files. May throw: the caller reports the error and keeps the other engines. */
  review(input: EngineInput): Promise<EngineOutput>;
}
