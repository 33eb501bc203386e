import picomatch from "picomatch";
import type { Severity } from "../../review/finding.ts";
import type { BuiltinRule, RuleConfig, RuleError } from "./types.ts";

/** A rule with its configuration applied. */
export interface ActiveRule {
  rule: BuiltinRule;
  severity: Severity;
  /** Whether the rule looks at a path (its `paths` globs; every path when none are set). */
  matchesPath: (path: string) => boolean;
}

/**
 * Applies `engines.builtin.rules` to a rule list: drops disabled rules, applies severity overrides
 * and compiles `paths` globs. Keys that name no rule are reported rather than silently ignored,
 * since a typo would otherwise leave a rule on.
 */
export function resolveRuleConfig(
  rules: readonly BuiltinRule[],
  config: Record<string, RuleConfig> | undefined,
): { active: ActiveRule[]; errors: RuleError[] } {
  const errors: RuleError[] = [];
  const known = new Set(rules.map((rule) => rule.id));
  for (const id of Object.keys(config ?? {})) {
    if (!known.has(id))
      errors.push({ ruleId: id, message: `Unknown builtin rule id "${id}" in configuration` });
  }
  const active: ActiveRule[] = [];
  for (const rule of rules) {
    const entry = config?.[rule.id];
    if (entry === false || entry?.enabled === false) continue;
    active.push({
      rule,
      severity: entry?.severity ?? rule.defaultSeverity,
      matchesPath: compilePaths(entry?.paths),
    });
  }
  return { active, errors };
}

function compilePaths(paths: string[] | undefined): (path: string) => boolean {
  if (paths === undefined) return () => true;
  if (paths.length === 0) return () => false;
  return picomatch(paths, { dot: true });
}
