import { BUILTIN_RULES } from "./rules/index.ts";
import { runRules } from "./run-rules.ts";
import type { BuiltinEngineInput, BuiltinEngineResult } from "./types.ts";

/**
 * Reviews a diff with the builtin rules (conflict markers, secrets, focused tests, debug
 * leftovers, TODOs, large files, lockfile drift, missing tests). Looks at added lines only,
 * needs no network, and never throws for a misbehaving rule: see `errors` in the result.
 */
export function runBuiltinEngine(input: BuiltinEngineInput): Promise<BuiltinEngineResult> {
  return runRules(BUILTIN_RULES, input);
}
