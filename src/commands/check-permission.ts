import type { RepoConfig } from "../config/schema.ts";
import { DEFAULT_PERMISSIONS } from "../config/schema-commands.ts";
import type { CommandName, PermissionLevel } from "./command-names.ts";

/**
 * What GitHub says about the actor. Pass `role_name` when it is `maintain` (the
 * collaborator-permission endpoint's `permission` field reports maintainers as `write`) and
 * `triage` likewise; `none` for someone without access.
 */
export type GitHubPermission = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export interface CommandActor {
  login: string;
  /** The comment author's account type from the webhook (`User`, `Bot`, `Organization`, …). */
  type: string;
  permission: GitHubPermission;
}

export interface PermissionQuestion {
  command: CommandName;
  actor: CommandActor;
  /** Login of the pull request's author. */
  prAuthor: string;
  /** True when the pull request's head is in another repository (a fork). */
  fromFork: boolean;
  config: Pick<RepoConfig, "commands">;
}

export type PermissionAnswer =
  | { allowed: true }
  | {
      allowed: false;
      /** A sentence for the reply, naming the command, the level needed and what the actor has. */
      reason: string;
      /** The level needed, or `commands.allowed_bots` when a bot was refused. */
      needs: PermissionLevel | "commands.allowed_bots";
    };

const RANK: Record<GitHubPermission, number> = {
  none: 0,
  read: 1,
  triage: 1,
  write: 3,
  maintain: 4,
  admin: 5,
};

/** Commands that dispatch the fixer: they spend the repository's money and run with its secrets. */
const DISPATCHING: ReadonlySet<CommandName> = new Set<CommandName>(["fix", "retry"]);

/** The level `command` needs under the repository's `commands.permissions`. */
export function requiredPermission(
  command: CommandName,
  permissions: Partial<Record<CommandName, PermissionLevel>> | undefined,
): PermissionLevel {
  return permissions?.[command] ?? DEFAULT_PERMISSIONS[command];
}

function sameLogin(a: string, b: string): boolean {
  const bare = (login: string) => login.toLowerCase().replace(/\[bot\]$/, "");
  return bare(a) === bare(b);
}

function meets(level: PermissionLevel, rank: number, isAuthor: boolean): boolean {
  switch (level) {
    case "read":
      // Whoever could post the comment can read the pull request.
      return true;
    case "author":
      return isAuthor || rank >= RANK.write;
    case "write":
      return rank >= RANK.write;
    case "maintain":
      return rank >= RANK.maintain;
    case "admin":
      return rank >= RANK.admin;
  }
}

function describeLevel(level: PermissionLevel): string {
  return level === "author"
    ? "to be the pull request's author or to have write access to this repository"
    : `${level} access to this repository`;
}

/**
 * May `actor` run `command` on this pull request? Bots are refused unless
 * `commands.allowed_bots` lists them (listed bots count as having write access). On a pull
 * request from a fork, `fix` and `retry` need write access whatever the config says.
 */
export function isAllowed(question: PermissionQuestion): PermissionAnswer {
  const { command, actor, prAuthor, fromFork, config } = question;
  const at = `@${actor.login}`;
  let rank = RANK[actor.permission] ?? 0;
  if (actor.type === "Bot") {
    const listed = config.commands.allowed_bots.some((bot) => sameLogin(bot, actor.login));
    if (!listed) {
      return {
        allowed: false,
        reason: `${at} is a bot; commands from bots are ignored unless \`commands.allowed_bots\` lists them.`,
        needs: "commands.allowed_bots",
      };
    }
    rank = Math.max(rank, RANK.write);
  }
  const has = actor.permission === "none" ? "no access" : actor.permission;
  if (fromFork && DISPATCHING.has(command) && rank < RANK.write) {
    return {
      allowed: false,
      reason: `\`${command}\` dispatches the fixer, which on a pull request from a fork needs write access to this repository; ${at} has ${has}.`,
      needs: "write",
    };
  }
  const level = requiredPermission(command, config.commands.permissions);
  const isAuthor = sameLogin(actor.login, prAuthor);
  if (meets(level, rank, isAuthor)) return { allowed: true };
  return {
    allowed: false,
    reason: `\`${command}\` needs ${describeLevel(level)}; ${at} has ${has}.`,
    needs: level,
  };
}
