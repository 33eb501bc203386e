import picomatch from "picomatch";
import type { Severity } from "../../review/finding.ts";
import type { BuiltinRule, RuleConfig } from "./types.ts";

/** A rule with its configuration applied. */
export interface ActiveRule {
  rule: BuiltinRule;
  severity: Severity;
  /** Whether the rule looks at a path (its `paths` globs; every path when none are set). */
  matchesPath: (path: string) => boolean;
}

/**
 * Applies `engines.builtin.rules` to a rule list: drops disabled rules, applies severity overrides
 * and compiles `paths` globs. Entries for ids that no rule has are ignored here: the config
 * parser warns about them (`parseConfig` with `BUILTIN_RULE_IDS`).
 */
export function resolveRuleConfig(
  rules: readonly BuiltinRule[],
  config: Readonly<Record<string, RuleConfig>> | undefined,
): ActiveRule[] {
  const active: ActiveRule[] = [];
  for (const rule of rules) {
    const entry = config?.[rule.id];
    if (entry === false || entry === true || entry === undefined) {
      if (entry !== false)
        active.push({ rule, severity: rule.defaultSeverity, matchesPath: () => true });
      continue;
    }
    if (entry.enabled === false) continue;
    active.push({
      rule,
      severity: entry.severity ?? rule.defaultSeverity,
      matchesPath: compilePaths(entry.paths),
    });
  }
  return active;
}

function compilePaths(paths: readonly string[] | undefined): (path: string) => boolean {
  if (paths === undefined) return () => true;
  if (paths.length === 0) return () => false;
  return picomatch([...paths], { dot: true });
}
