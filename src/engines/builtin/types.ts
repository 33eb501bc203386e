import type { DiffFile } from "../../review/diff-types.ts";
import type { Finding, Severity } from "../../review/finding.ts";

/** One added line of a file, in new-file numbering. */
export interface AddedLine {
  /** 1-based line number on the RIGHT side. */
  newLine: number;
  content: string;
}

/** A file as the rules see it: the diff entry plus values computed once for every rule. */
export interface ReviewFile {
  diff: DiffFile;
  path: string;
  /** Added lines in diff order (increasing `newLine`). */
  addedLines: readonly AddedLine[];
  /** Size in bytes from `fileSizes`, or null when the caller did not know it. */
  knownSizeBytes: number | null;
}

/** Engine options shared by every rule. */
export interface BuiltinOptions {
  /** Files larger than this are reported by `large-file`. Default 1 MiB. */
  largeFileBytes: number;
}

/** What a rule reports; the engine adds rule id, engine, severity and category. */
export interface RuleHit {
  path: string;
  line: number;
  startLine?: number | null;
  /** Default RIGHT: rules look at added lines. */
  side?: "RIGHT" | "LEFT";
  title: string;
  body: string;
  suggestion?: string;
}

interface RuleMeta {
  /** Public, stable id used in configuration (`engines.builtin.rules.<id>`). */
  id: string;
  defaultSeverity: Severity;
  category: string;
  /** One sentence for docs and config tooling. */
  description: string;
}

/** A rule that looks at one file at a time. */
export interface FileRule extends RuleMeta {
  scope: "file";
  checkFile(file: ReviewFile, options: BuiltinOptions): RuleHit[] | Promise<RuleHit[]>;
  /**
   * Optional speed-up for rules that read added lines one at a time. Returns a pattern (without
   * the `g` flag) that every added line the rule could report or could be influenced by
   * contains, or null when the rule reports nothing for this path at all. The engine then skips
   * files whose added lines have no match and passes `checkFile` only the matching lines. It must
   * never change the rule's hits; a test compares every rule with and without it.
   */
  lineFilter?(path: string): RegExp | null;
  /**
   * Optional: the hits of {@link checkFile} for many files at once, in the same order, for rules
   * with a large fixed cost per call (`secret`). The engine prefers it; if it throws, the engine
   * calls `checkFile` file by file so that the error is recorded with its path.
   */
  checkFiles?(
    files: readonly ReviewFile[],
    options: BuiltinOptions,
  ): RuleHit[][] | Promise<RuleHit[][]>;
}

/** What a diff-wide rule receives. */
export interface DiffRuleInput {
  /** Files this rule may report on: not ignored, not deleted, inside the rule's `paths`. */
  files: readonly ReviewFile[];
  /** Every file of the diff, ignored and deleted ones included (e.g. to see lockfiles or tests). */
  allFiles: readonly ReviewFile[];
  options: BuiltinOptions;
}

/** A rule that needs the whole diff (e.g. "a manifest changed but no lockfile did"). */
export interface DiffRule extends RuleMeta {
  scope: "diff";
  checkDiff(input: DiffRuleInput): RuleHit[] | Promise<RuleHit[]>;
}

export type BuiltinRule = FileRule | DiffRule;

/**
 * Per-rule configuration (`engines.builtin.rules.<id>`): `false` disables, `true` keeps the
 * defaults; an object may disable, re-severity or restrict paths.
 */
export type RuleConfig =
  | boolean
  | {
      enabled?: boolean;
      severity?: Severity;
      /** picomatch globs (`dot: true`); the rule only looks at matching paths. */
      paths?: readonly string[];
    };

/** Input of {@link runBuiltinEngine}. */
export interface BuiltinEngineInput {
  files: DiffFile[];
  /**
   * Every file of the pull request when `files` is only part of it (an incremental pass): the
   * rules that judge the diff as a whole (`scope: "diff"`, e.g. lockfile-drift, missing-tests)
   * look at these instead, so their verdict is never based on the latest commits alone.
   */
  contextFiles?: DiffFile[];
  /** Size in bytes of each file on the new side, when known (e.g. from the contents API). */
  fileSizes?: Record<string, number>;
  rules?: Readonly<Record<string, RuleConfig>>;
  options?: { largeFileBytes?: number };
}

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface RuleError {
  ruleId: string;
  path?: string;
  message: string;
}

/** Output of {@link runBuiltinEngine}. */
export interface BuiltinEngineResult {
  findings: Finding[];
  /** Files whose content no rule reviewed, with why (ignored, binary, no patch). */
  skipped: SkippedFile[];
  /** Rules that threw, and findings that failed `findingSchema` (dropped). */
  errors: RuleError[];
}
