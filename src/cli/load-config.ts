import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { parseConfig } from "../config/parse-config.ts";
import { DEFAULT_CONFIG, type RepoConfig } from "../config/schema.ts";
import { BUILTIN_RULE_IDS } from "../engines/builtin/index.ts";
import { UsageError } from "./usage-error.ts";

/** The config a local run uses, and valid-but-suspicious settings worth a warning. */
export interface LoadedConfig {
  config: RepoConfig;
  /** Where it came from: a file path, or "defaults". */
  source: string;
  warnings: string[];
}

/**
 * Reads the repository config the way the app would: `file` when given, else
 * `<repo>/.github/reviewloop.yml` when it exists, else the defaults. A file that cannot be read,
 * is not YAML, or fails validation is a usage error naming the first wrong key.
 */
export async function loadConfig(repo: string, file: string | undefined): Promise<LoadedConfig> {
  const path = file ?? join(repo, ".github", "reviewloop.yml");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (file === undefined && (error as NodeJS.ErrnoException).code === "ENOENT") {
      return { config: DEFAULT_CONFIG, source: "defaults", warnings: [] };
    }
    throw new UsageError(`cannot read config ${path}: ${(error as Error).message}`);
  }

  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new UsageError(`invalid config ${path}: not valid YAML: ${(error as Error).message}`);
  }
  const result = parseConfig(raw, { knownRuleIds: BUILTIN_RULE_IDS });
  if (!result.ok) {
    const [first, ...more] = result.errors;
    const where = first.key === "" ? "" : `\`${first.key}\`: `;
    const others = more.length > 0 ? ` (and ${more.length} more)` : "";
    throw new UsageError(`invalid config ${path}: ${where}${first.message}${others}`);
  }
  return { config: result.config, source: path, warnings: result.warnings };
}
