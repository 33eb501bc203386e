export { BUILTIN_RULE_IDS, BUILTIN_RULES, isWholeDiffFinding } from "./rules/index.ts";
export { runBuiltinEngine } from "./run-builtin-engine.ts";
export { DEFAULT_LARGE_FILE_BYTES, runRules } from "./run-rules.ts";
export type {
  AddedLine,
  BuiltinEngineInput,
  BuiltinEngineResult,
  BuiltinOptions,
  BuiltinRule,
  DiffRule,
  DiffRuleInput,
  FileRule,
  ReviewFile,
  RuleConfig,
  RuleError,
  RuleHit,
  SkippedFile,
} from "./types.ts";
