/**
 * Every comment command, in the order `help` lists them. The repository config's
 * `commands.permissions` has exactly one key per name, so this list is part of the public
 * config contract: add names, never rename them.
 */
export const COMMAND_NAMES = [
  "review",
  "full-review",
  "fix",
  "retry",
  "pause",
  "resume",
  "stop",
  "status",
  "dispose",
  "ignore",
  "help",
] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];

/**
 * Permission levels a command can require, weakest first. `author` means "the pull request's
 * author, or anyone with write access".
 */
export const PERMISSION_LEVELS = ["read", "author", "write", "maintain", "admin"] as const;

export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];

/** True when `name` is one of {@link COMMAND_NAMES}. */
export function isCommandName(name: string): name is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(name);
}
