import { type ConfigError, describeIssue } from "./describe-issue.ts";
import { findClosest } from "./find-closest.ts";
import { type RepoConfig, repoConfigSchema } from "./schema.ts";

export type { ConfigError } from "./describe-issue.ts";

/** The outcome of validating a repository config; a caller must branch on `ok`. */
export type ParseConfigResult =
  | { ok: true; config: RepoConfig; warnings: string[] }
  | { ok: false; errors: ConfigError[] };

/** What the caller knows beyond the file itself. */
export interface ParseConfigOptions {
  /** Ids of the builtin rules; when given, unknown ids under `engines.builtin.rules` warn. */
  knownRuleIds?: readonly string[];
}

/**
 * Validates `.github/reviewloop.yml` as parsed from YAML. A missing or empty file (`null`,
 * `undefined`) yields the defaults. Never throws: every problem comes back as an error naming
 * its key, so the check run can say exactly what to fix.
 */
export function parseConfig(raw: unknown, options: ParseConfigOptions = {}): ParseConfigResult {
  try {
    const result = repoConfigSchema.safeParse(raw ?? {}, { reportInput: true });
    if (!result.success) {
      return {
        ok: false,
        errors: dedupe(result.error.issues.flatMap((issue) => describeIssue(issue))),
      };
    }
    const { _extends: _ignored, ...config } = result.data;
    return { ok: true, config, warnings: collectWarnings(config, raw, options) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [{ key: "", message: `could not be validated: ${reason}` }] };
  }
}

function dedupe(errors: ConfigError[]): ConfigError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const id = `${error.key}\u0000${error.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function rawTargetKeys(raw: unknown): string[] {
  const remediation = (raw as { remediation?: { target?: unknown } } | null)?.remediation;
  const target = remediation?.target;
  return target && typeof target === "object" ? Object.keys(target) : [];
}

/** Settings that are valid but probably not what the user meant. */
function collectWarnings(config: RepoConfig, raw: unknown, options: ParseConfigOptions): string[] {
  const warnings: string[] = [];
  const { engines, remediation } = config;
  if (!engines.builtin.enabled && !engines.llm.enabled && !engines.checks.enabled) {
    warnings.push("`engines`: every engine is disabled, so reviews will never report a finding.");
  }
  if (remediation.no_progress_rounds >= remediation.max_rounds) {
    warnings.push(
      "`remediation.no_progress_rounds` is not below `remediation.max_rounds`, so it never stops the loop early.",
    );
  }
  const type = remediation.target.type;
  const ignored = rawTargetKeys(raw).filter(
    (key) =>
      (key === "workflow" && type !== "workflow_dispatch") ||
      (key === "event_type" && type !== "repository_dispatch"),
  );
  for (const key of ignored) {
    warnings.push(`\`remediation.target.${key}\` is ignored when \`target.type\` is \`${type}\`.`);
  }
  if (options.knownRuleIds) {
    for (const id of Object.keys(engines.builtin.rules)) {
      if (options.knownRuleIds.includes(id)) continue;
      const closest = findClosest(id, options.knownRuleIds);
      const hint = closest === undefined ? "" : ` — did you mean \`${closest}\`?`;
      warnings.push(`\`engines.builtin.rules.${id}\`: no builtin rule has this id${hint}`);
    }
  }
  return warnings;
}
