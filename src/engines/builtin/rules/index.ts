import type { BuiltinRule } from "../types.ts";
import { conflictMarkerRule } from "./conflict-marker.ts";
import { debugLeftoverRule } from "./debug-leftover.ts";
import { focusedTestRule } from "./focused-test.ts";
import { largeFileRule } from "./large-file.ts";
import { lockfileDriftRule } from "./lockfile-drift.ts";
import { missingTestsRule } from "./missing-tests.ts";
import { secretRule } from "./secret.ts";
import { todoCommentRule } from "./todo-comment.ts";

/** Every builtin rule, in the order their findings are reported. Ids are a public contract. */
export const BUILTIN_RULES: readonly BuiltinRule[] = [
  conflictMarkerRule,
  secretRule,
  focusedTestRule,
  debugLeftoverRule,
  todoCommentRule,
  largeFileRule,
  lockfileDriftRule,
  missingTestsRule,
];

/** The ids of {@link BUILTIN_RULES}, e.g. for validating `engines.builtin.rules` keys in config. */
export const BUILTIN_RULE_IDS: readonly string[] = BUILTIN_RULES.map((rule) => rule.id);

const WHOLE_DIFF_RULE_IDS = new Set(
  BUILTIN_RULES.filter((rule) => rule.scope === "diff").map((rule) => rule.id),
);

/**
 * True for a builtin finding that judges the pull request as a whole (lockfile-drift,
 * missing-tests): it depends on every file, not on its anchored lines.
 */
export function isWholeDiffFinding(finding: { engine: string; ruleId: string }): boolean {
  return finding.engine === "builtin" && WHOLE_DIFF_RULE_IDS.has(finding.ruleId);
}
