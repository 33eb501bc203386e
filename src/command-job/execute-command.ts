import { isFixer, mayFileDisposition } from "../commands/check-disposition-permission.ts";
import { isAllowed, requiredPermission } from "../commands/check-permission.ts";
import type { OkCommand } from "../commands/command-types.ts";
import { describeCooldown } from "../commands/cooldown-remaining.ts";
import { renderCommandHelp } from "../commands/describe-commands.ts";
import { claimCooldown } from "../store/command-repository.ts";
import type { CommandSession } from "./command-session.ts";
import { executeFindingCommand } from "./execute-finding-command.ts";
import { executeLoopCommand } from "./execute-loop-command.ts";
import { executeStatus } from "./execute-status.ts";
import type { CommandOutcome } from "./render-command-reply.ts";

type Outcome = Omit<CommandOutcome, "line" | "raw" | "command">;

function sameLogin(a: string, b: string): boolean {
  const bare = (login: string) => login.toLowerCase().replace(/\[bot\]$/, "");
  return bare(a) === bare(b);
}

/**
 * A disposition (a `dispose` line, a table row, a block entry, a thread reply): the fixer needs
 * no lookup, the pull request's author only the pull request, anyone else their permission too.
 */
async function checkDisposition(session: CommandSession): Promise<Outcome | null> {
  const { config, payload } = session;
  const fixer = isFixer(payload.actor.login, config);
  const prAuthor = fixer ? "" : (await session.facts()).author;
  const isAuthor = prAuthor !== "" && payload.actor.login.toLowerCase() === prAuthor.toLowerCase();
  const permission = fixer || isAuthor ? "read" : await session.permission();
  const answer = mayFileDisposition({
    actor: { ...payload.actor, permission },
    prAuthor,
    config,
  });
  return answer.allowed ? null : { outcome: "refused", message: answer.reason };
}

/**
 * Asks GitHub only what the decision needs: nothing for `read` commands, the pull request for
 * `author` commands and for `fix`/`retry` (forks), the actor's permission unless being the
 * author already settles it.
 */
async function checkPermission(
  session: CommandSession,
  command: OkCommand,
): Promise<Outcome | null> {
  const { config, payload } = session;
  if (command.command === "dispose") return checkDisposition(session);
  const level = requiredPermission(command.command, config.commands.permissions);
  const dispatching = command.command === "fix" || command.command === "retry";
  let prAuthor = "";
  let fromFork = false;
  let permission: Awaited<ReturnType<CommandSession["permission"]>> = "read";
  if (level !== "read" || dispatching) {
    const facts = await session.facts();
    prAuthor = facts.author;
    fromFork = facts.fromFork;
    const authorSuffices =
      level === "author" && sameLogin(payload.actor.login, prAuthor) && !dispatching;
    if (!authorSuffices) permission = await session.permission();
  }
  const answer = isAllowed({
    command: command.command,
    actor: { ...payload.actor, permission },
    prAuthor,
    fromFork,
    config,
  });
  if (answer.allowed) return null;
  if (answer.needs === "commands.allowed_bots" && isFixer(payload.actor.login, config)) {
    return {
      outcome: "refused",
      message: `@${payload.actor.login} is the fixer: it may file dispositions, but its other commands are ignored unless \`commands.allowed_bots\` lists it.`,
    };
  }
  return { outcome: "refused", message: answer.reason };
}

/**
 * `fix` / `retry`: the loop decides (one round in flight, the round limit, forks, nothing open)
 * and the reply says what it did or why not. `fix` keeps its per-PR cooldown; `retry` answers
 * only a failed round, so it needs none.
 */
async function executeFix(session: CommandSession, command: OkCommand): Promise<Outcome> {
  const facts = await session.facts();
  if (facts.state === "closed") {
    return { outcome: "failed", message: "This pull request is closed; nothing is dispatched." };
  }
  if (command.command === "fix") {
    const refused = await claimCommandCooldown(session, "fix");
    if (refused !== null) return refused;
  }
  return executeLoopCommand(session, command, facts);
}

async function executeReview(session: CommandSession, command: OkCommand): Promise<Outcome> {
  const facts = await session.facts();
  if (facts.state === "closed") {
    return {
      outcome: "failed",
      message: "This pull request is closed; there is nothing to review.",
    };
  }
  if (command.command === "full-review") {
    const refused = await claimCommandCooldown(session, "full-review");
    if (refused !== null) return refused;
  }
  return executeLoopCommand(session, command, facts);
}

/** Claims the per-PR cooldown of `fix` / `full-review`; the refusal to reply, or null when free. */
async function claimCommandCooldown(
  session: CommandSession,
  command: "fix" | "full-review",
): Promise<Outcome | null> {
  const { payload } = session;
  const seconds = session.config.commands.cooldown_seconds;
  const cooldown = await claimCooldown(
    session.db,
    payload,
    command,
    { kind: payload.comment.kind, id: payload.comment.id },
    session.now(),
    seconds,
  );
  if (cooldown.ok) return null;
  return {
    outcome: "refused",
    message: describeCooldown(command, cooldown.remainingSeconds, seconds),
  };
}

/** Commands that act on the pull request as GitHub has it now. */
const READS_PULL_REQUEST: ReadonlySet<string> = new Set([
  "fix",
  "retry",
  "review",
  "full-review",
  "pause",
  "resume",
  "stop",
]);

/**
 * Everything a command asks GitHub before it acts: who may run it (a refusal is the outcome,
 * else null) and, for commands that act on the pull request, the pull request itself. After
 * this, `executeCommand` only reads and writes the database, so it can run inside the
 * transaction that records its outcome without holding that transaction over a network call.
 */
export async function checkCommand(
  session: CommandSession,
  command: OkCommand,
): Promise<Outcome | null> {
  const refused = await checkPermission(session, command);
  if (refused !== null) return refused;
  if (READS_PULL_REQUEST.has(command.command)) await session.facts();
  return null;
}

/**
 * Runs one parsed command that `checkCommand` allowed: the outcome and what to say about it.
 * Its GitHub facts come from the session (already read), so it touches only the database.
 */
export async function executeCommand(
  session: CommandSession,
  command: OkCommand,
): Promise<Outcome> {
  switch (command.command) {
    case "help":
      return {
        outcome: "ran",
        message: renderCommandHelp(session.payload.appSlug, session.config.commands.permissions),
      };
    case "status":
      return executeStatus(session);
    case "review":
    case "full-review":
      return executeReview(session, command);
    case "pause":
    case "resume":
    case "stop": {
      const facts = await session.facts();
      if (facts.state === "closed") {
        return { outcome: "failed", message: "This pull request is closed; the loop has ended." };
      }
      return executeLoopCommand(session, command, facts);
    }
    case "fix":
    case "retry":
      return executeFix(session, command);
    case "dispose":
    case "ignore":
      return executeFindingCommand(session, command);
  }
}
