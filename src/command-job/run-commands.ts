import { isFixer } from "../commands/check-disposition-permission.ts";
import { isAllowed } from "../commands/check-permission.ts";
import type { ParsedCommand } from "../commands/command-types.ts";
import { parseConfig } from "../config/parse-config.ts";
import { renderConfigErrors } from "../config/render-config-errors.ts";
import type { RepoConfig } from "../config/schema.ts";
import { toRepoRef } from "../github/refs.ts";
import { isAppLogin } from "../handlers/parse-comment-event.ts";
import {
  type CommentKey,
  claimCommandRun,
  type FinalReaction,
  finishCommandRun,
  recordCommandReaction,
} from "../store/command-repository.ts";
import type { CommandPorts } from "./command-ports.ts";
import type { CommandRunContext } from "./command-run-context.ts";
import { createCommandSession } from "./command-session.ts";
import { parseCommentCommands } from "./parse-comment-commands.ts";
import { postCommandReply, replyTarget } from "./post-command-reply.ts";
import {
  type CommandOutcome,
  needsReply,
  renderCommandReply,
  replyMarker,
} from "./render-command-reply.ts";
import type { RunCommandsPayload } from "./run-commands-payload.ts";
import { runEachCommand } from "./run-each-command.ts";

/** What running a comment's commands needs: the job's context (storage, GitHub, lease). */
export type RunCommandsDeps = CommandRunContext;

/** How a job ended, for logs and tests. */
export type RunCommandsResult =
  | { ran: false; reason: "already_ran" | "own_comment" | "bot_not_allowed" | "nothing_to_run" }
  | { ran: true; outcomes: CommandOutcome[]; replied: boolean };

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

/** Marks the run finished under the job's lease. */
async function finish(
  deps: RunCommandsDeps,
  key: CommentKey,
  status: "done" | "ignored",
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await deps.assertLease(tx);
    await finishCommandRun(tx, key, status);
  });
}

/**
 * The closing reaction: the one recorded by an earlier attempt if there is one, so a retry whose
 * outcomes came out differently never adds 👍 next to 😕.
 */
async function settleReaction(
  deps: RunCommandsDeps,
  key: CommentKey,
  wanted: FinalReaction,
): Promise<FinalReaction> {
  return deps.db.transaction(async (tx) => {
    await deps.assertLease(tx);
    return recordCommandReaction(tx, key, wanted);
  });
}

/**
 * May this bot's comment be answered? A bot listed in `commands.allowed_bots`, or the fixer
 * (`remediation.fixer.logins`) when the comment files dispositions: then its dispositions are
 * run and its other command lines refused with the reason.
 */
function botMayComment(
  config: RepoConfig,
  actor: RunCommandsPayload["actor"],
  parsed: readonly ParsedCommand[],
): boolean {
  const listed = isAllowed({
    command: "help",
    actor: { ...actor, permission: "none" },
    prAuthor: "",
    fromFork: false,
    config,
  }).allowed;
  return listed || (isFixer(actor.login, config) && parsed.some((p) => p.command === "dispose"));
}

/**
 * The `RunCommands` job, in order: 1. claim the comment (its commands run once; a retry of this
 * job gets what its earlier attempts recorded), 2. drop the app's own comments, 3. parse its
 * command lines and the dispositions it files (in a finding's thread the id may be omitted; a
 * comment with neither — a reply in a thread that is no finding's — is dropped without a word),
 * 4. react 👀 and read the config (a bot first needs to be allowed: `commands.allowed_bots`, or
 * the fixer filing dispositions), 5. check and run each command and disposition not run before,
 * each on its own, recording its outcome, 6. one reply when something is worth saying (looked
 * for before it is posted), 7. react 👍 when everything ran, else 😕 (the reaction is recorded
 * first).
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
    await finish(deps, key, "ignored");
    return { ran: false, reason: "own_comment" };
  }
  // 3.
  const parsed = await parseCommentCommands(db, payload);
  if (parsed.length === 0) {
    await finish(deps, key, "ignored");
    return { ran: false, reason: "nothing_to_run" };
  }
  const target = replyTarget(payload);
  const isBot = payload.actor.type === "Bot";
  // 4. A bot learns nothing until it is known to be allowed: no reaction, no reply.
  if (!isBot) await ports.comments.react(target, "eyes");
  const config = await readRepoConfig(ports, payload);
  if (isBot) {
    if (!config.ok || !botMayComment(config.config, payload.actor, parsed)) {
      await finish(deps, key, "ignored");
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
    const session = createCommandSession({
      db,
      ports,
      payload,
      config: config.config,
      now: deps.now,
    });
    outcomes = await runEachCommand(deps, key, session, parsed, claim.results);
  }
  // 6.
  let replied = claim.replyCommentId !== null;
  if (!replied && needsReply(outcomes)) {
    const body = renderCommandReply(outcomes, {
      appSlug: payload.appSlug,
      marker: replyMarker(key.kind, key.id),
    });
    await postCommandReply(deps, payload, body);
    replied = true;
  }
  // 7.
  deps.signal.throwIfAborted();
  const allRan = outcomes.length > 0 && outcomes.every((o) => o.outcome === "ran");
  const reaction = await settleReaction(deps, key, allRan ? "+1" : "confused");
  await ports.comments.react(target, reaction);
  await finish(deps, key, "done");
  deps.log.info(
    { commands: outcomes.map((o) => `${o.command}:${o.outcome}`), replied },
    "Ran comment commands",
  );
  return { ran: true, outcomes, replied };
}
