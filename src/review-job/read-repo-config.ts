import type { ConfigError } from "../config/index.ts";
import { parseConfig } from "../config/parse-config.ts";
import type { RepoConfig } from "../config/schema.ts";
import { BUILTIN_RULE_IDS } from "../engines/builtin/index.ts";
import type { ConfigReader } from "../github/config-reader.ts";
import type { RepoRef } from "../github/refs.ts";

/** The validated repository config, or every reason it is invalid. */
export type RepoConfigResult =
  | { ok: true; config: RepoConfig; warnings: string[] }
  | { ok: false; errors: ConfigError[] };

/**
 * Reads `.github/reviewloop.yml` (org `.github` fallback, `_extends`) and validates it. A file
 * that is not YAML is an error of the file itself (key ""); a missing file gives the defaults.
 */
export async function readRepoConfig(
  reader: ConfigReader,
  repo: RepoRef,
): Promise<RepoConfigResult> {
  const raw = await reader.readConfig(repo);
  if (!raw.ok) return { ok: false, errors: [{ key: "", message: raw.message }] };
  return parseConfig(raw.raw, { knownRuleIds: BUILTIN_RULE_IDS });
}
