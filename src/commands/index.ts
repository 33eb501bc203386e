export {
  type CommandActor,
  type GitHubPermission,
  isAllowed,
  type PermissionAnswer,
  type PermissionQuestion,
  requiredPermission,
} from "./check-permission.ts";
export {
  COMMAND_NAMES,
  type CommandName,
  isCommandName,
  PERMISSION_LEVELS,
  type PermissionLevel,
} from "./command-names.ts";
export type {
  CommandArgs,
  CommandError,
  CommandErrorKind,
  DisposeArgs,
  Disposition,
  IgnoreArgs,
  OkCommand,
  ParsedCommand,
} from "./command-types.ts";
export { DISPOSITIONS } from "./command-types.ts";
export { COOLDOWN_COMMANDS, cooldownRemaining, describeCooldown } from "./cooldown-remaining.ts";
export {
  describeUnknownFinding,
  helpText,
  renderCommandHelp,
  summarize,
  usage,
} from "./describe-commands.ts";
export { neutralizeCommands } from "./neutralize-commands.ts";
export { normalizeFindingId } from "./parse-arguments.ts";
export {
  containsCommand,
  DEFAULT_MAX_CHARS,
  DEFAULT_MAX_COMMANDS,
  type ParseCommandsOptions,
  parseCommands,
} from "./parse-commands.ts";
