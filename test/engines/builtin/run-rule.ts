import { runRules } from "../../../src/engines/builtin/run-rules.ts";
import type { BuiltinEngineInput, BuiltinRule } from "../../../src/engines/builtin/types.ts";
import type { DiffFile } from "../../../src/review/diff-types.ts";
import type { Finding } from "../../../src/review/finding.ts";

/** Runs one rule over some files and fails the test if the rule recorded an error. */
export async function runRule(
  rule: BuiltinRule,
  files: DiffFile[],
  extra: Omit<BuiltinEngineInput, "files"> = {},
): Promise<Finding[]> {
  const result = await runRules([rule], { files, ...extra });
  if (result.errors.length > 0) throw new Error(`rule errors: ${JSON.stringify(result.errors)}`);
  return result.findings;
}
