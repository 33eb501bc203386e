import type { Logger } from "pino";
import { isAllowed } from "../commands/check-permission.ts";
import type { CommandError, ParsedCommand } from "../commands/command-types.ts";
import { parseCommands } from "../commands/parse-commands.ts";
import { parseConfig } from "../config/parse-config.ts";
import { renderConfigErrors } from "../config/render-config-errors.ts";
import type { RepoConfig } from "../config/schema.ts";
import type { CommentTarget } from "../github/comment-publisher.ts";
import { toRepoRef } from "../github/refs.ts";
import { isAppLogin } from "../handlers/parse-comment-event.ts";
import {
  type CommentKey,
  claimCommandRun,
  finishCommandRun,
  recordCommandReply,
} from "../store/command-repository.ts";
import type { Db } from "../store/db.ts";
import { findFindingIdByComment } from "../store/disposition-repository.ts";
import type { CommandPorts } from "./command-ports.ts";
import { createCommandSession } from "./command-session.ts";
import { executeCommand } from "./execute-command.ts";
import {
  type CommandOutcome,
  needsReply,
  renderCommandReply,
  replyMarker,
} from "./render-command-reply.ts";
import type { RunCommandsPayload } from "./run-commands-payload.ts";

/** What running a comment's commands needs. */
export interface RunCommandsDeps {
  db: Db;
  ports: CommandPorts;
  now(): Date;
  log: Logger;
}

/** How a job ended, for logs and tests. */
export type RunCommandsResult =
  | { ran: false; reason: "already_ran" | "own_comment" | "bot_not_allowed" }
  | { ran: true; outcomes: CommandOutcome[]; replied: boolean };

function invalidOutcome(error: CommandError): CommandOutcome {
  const message = error.usage === undefined ? error.message : `${error.message}\n\n${error.usage}`;
  return {
    line: error.line,
    raw: error.raw,
    command: error.command ?? (error.raw === "" ? "comment" : "unknown"),
    outcome: "invalid",
    message,
  };
}

async function readRepoConfig(
  ports: CommandPorts,
  payload: RunCommandsPayload,
): Promise<{ ok: true; config: RepoConfig } | { ok: false; message: string }> {
  const raw = await ports.config.readConfig(toRepoRef(payload.repoFullName));
  if (!raw.ok)
    return { ok: false, message: `\`.github/reviewloop.yml\` could not be read: ${raw.message}` };
  const parsed = parseConfig(raw.raw);
  if (!parsed.ok) {
    return {
      ok: false,
      message: `Commands are not run while \`.github/reviewloop.yml\` is invalid:\n\n${renderConfigErrors(parsed.errors)}`,
    };
  }
  return { ok: true, config: parsed.config };
}

/** Runs each parsed command in order; an unexpected failure of one does not stop the others. */
async function runEach(
  deps: RunCommandsDeps,
  payload: RunCommandsPayload,
  config: RepoConfig,
  parsed: readonly ParsedCommand[],
): Promise<CommandOutcome[]> {
  const session = createCommandSession({
    db: deps.db,
    ports: deps.ports,
    payload,
    config,
    now: deps.now,
  });
  const outcomes: CommandOutcome[] = [];
  for (const command of parsed) {
    if (!command.ok) {
      outcomes.push(invalidOutcome(command));
      continue;
    }
    const result = await executeCommand(session, command);
    outcomes.push({ line: command.line, raw: command.raw, command: command.command, ...result });
  }
  return outcomes;
}

/**
 * The `RunCommands` job, in order: 1. claim the comment (its commands run once), 2. drop the
 * app's own comments and bots not in `commands.allowed_bots`, 3. react 👀, 4. read the config,
 * 5. parse (in a finding's thread the id may be omitted), 6. check and run each command,
 * 7. one reply when something is worth saying, 8. react 👍 when every command ran, else 😕.
 */
export async function runCommands(
  deps: RunCommandsDeps,
  payload: RunCommandsPayload,
  jobId: number,
): Promise<RunCommandsResult> {
  const { db, ports } = deps;
  const key: CommentKey = { kind: payload.comment.kind, id: payload.comment.id };
  // 1.
  const claim = await claimCommandRun(db, {
    ...key,
    installationId: payload.installationId,
    repoId: payload.repoId,
    prNumber: payload.prNumber,
    actor: payload.actor.login,
    jobId,
  });
  if (!claim.claimed) return { ran: false, reason: "already_ran" };
  // 2.
  if (isAppLogin(payload.actor.login, payload.appSlug)) {
    await finishCommandRun(db, key, "ignored", []);
    return { ran: false, reason: "own_comment" };
  }
  const target: CommentTarget = {
    ...toRepoRef(payload.repoFullName),
    pullNumber: payload.prNumber,
    kind: payload.comment.kind,
    commentId: payload.comment.id,
    threadRootId: payload.comment.inReplyToId,
  };
  const isBot = payload.actor.type === "Bot";
  // 3. A bot learns nothing until it is known to be allowed: no reaction, no reply.
  if (!isBot) await ports.comments.react(target, "eyes");
  // 4.
  const config = await readRepoConfig(ports, payload);
  if (isBot) {
    const allowed =
      config.ok &&
      isAllowed({
        command: "help",
        actor: { ...payload.actor, permission: "none" },
        prAuthor: "",
        fromFork: false,
        config: config.config,
      }).allowed;
    if (!allowed) {
      await finishCommandRun(db, key, "ignored", []);
      return { ran: false, reason: "bot_not_allowed" };
    }
    await ports.comments.react(target, "eyes");
  }
  let outcomes: CommandOutcome[];
  if (!config.ok) {
    outcomes = [
      { line: 0, raw: "", command: "comment", outcome: "failed", message: config.message },
    ];
  } else {
    // 5.
    const findingId =
      payload.comment.inReplyToId === null
        ? null
        : await findFindingIdByComment(db, payload, payload.comment.inReplyToId);
    const parsed = parseCommands(payload.comment.body, {
      appSlug: payload.appSlug,
      ...(payload.comment.kind === "review_comment"
        ? { inThread: findingId === null ? {} : { findingId } }
        : {}),
    });
    // 6.
    outcomes = await runEach(deps, payload, config.config, parsed);
  }
  // 7.
  let replied = claim.replyCommentId !== null;
  if (!replied && needsReply(outcomes)) {
    const body = renderCommandReply(outcomes, {
      appSlug: payload.appSlug,
      marker: replyMarker(key.kind, key.id),
    });
    const reply = await ports.comments.reply(target, body);
    await recordCommandReply(db, key, reply.id);
    replied = true;
  }
  // 8.
  const allRan = outcomes.length > 0 && outcomes.every((o) => o.outcome === "ran");
  await ports.comments.react(target, allRan ? "+1" : "confused");
  await finishCommandRun(
    db,
    key,
    "done",
    outcomes.map(({ line, command, outcome }) => ({ line, command, outcome })),
  );
  deps.log.info(
    { commands: outcomes.map((o) => `${o.command}:${o.outcome}`), replied },
    "Ran comment commands",
  );
  return { ran: true, outcomes, replied };
}
