export type { ConfigError, ParseConfigOptions, ParseConfigResult } from "./parse-config.ts";
export { parseConfig } from "./parse-config.ts";
export { renderConfigErrors } from "./render-config-errors.ts";
export {
  DEFAULT_CONFIG,
  type RepoConfig,
  type RepoConfigInput,
  repoConfigSchema,
} from "./schema.ts";
export { DEFAULT_PERMISSIONS } from "./schema-commands.ts";
export { RULE_ID_PATTERN, type RuleConfig } from "./schema-engines.ts";
export { DISPATCH_TARGET_TYPES } from "./schema-remediation.ts";
