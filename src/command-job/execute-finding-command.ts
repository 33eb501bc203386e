import type { DisposeArgs, IgnoreArgs, OkCommand } from "../commands/command-types.ts";
import { describeUnknownFinding } from "../commands/describe-commands.ts";
import {
  ignoreFinding,
  listOpenFindings,
  readFinding,
  recordDisposition,
  type StoredDisposition,
} from "../store/disposition-repository.ts";
import { readLoop } from "../store/loop-repository.ts";
import type { CommandSession } from "./command-session.ts";
import type { CommandOutcome } from "./render-command-reply.ts";

type Outcome = Omit<CommandOutcome, "line" | "raw" | "command">;

async function notOpen(
  session: CommandSession,
  id: string,
  status: string | null,
): Promise<Outcome> {
  const pr = session.payload;
  const open = (await listOpenFindings(session.db, pr)).map((f) => f.id);
  if (status === null) return { outcome: "invalid", message: describeUnknownFinding(id, open) };
  const list =
    open.length === 0
      ? "No finding is open."
      : `Open findings: ${open.map((o) => `\`${o}\``).join(", ")}.`;
  return { outcome: "invalid", message: `\`${id}\` is ${status}, not open. ${list}` };
}

/** A disposition filed by a table row, a block entry or a thread reply names it: `row 3: …`. */
function labelled(outcome: Outcome, filed: DisposeArgs["filed"]): Outcome {
  return filed === undefined
    ? outcome
    : { ...outcome, message: `${filed.label}: ${outcome.message}` };
}

/**
 * `dispose <id> fixed|disagree|deferred [note]` (and the dispositions of a table, a block or a
 * thread reply, which arrive as `dispose` with `filed`) and `ignore <id> [note]`: the id must
 * name an open finding of this pull request; otherwise the reply lists the open ones. A claim is
 * recorded with the loop's round, who filed it and how.
 */
export async function executeFindingCommand(
  session: CommandSession,
  command: OkCommand,
): Promise<Outcome> {
  const args = command.args as DisposeArgs | IgnoreArgs;
  const filed = command.command === "dispose" ? (args as DisposeArgs).filed : undefined;
  return labelled(await execute(session, command, args), filed);
}

async function execute(
  session: CommandSession,
  command: OkCommand,
  args: DisposeArgs | IgnoreArgs,
): Promise<Outcome> {
  const { db, payload } = session;
  const finding = await readFinding(db, payload, args.id);
  if (finding === null || finding.status !== "open") {
    return notOpen(session, args.id, finding?.status ?? null);
  }
  const dispose = command.command === "dispose" ? (args as DisposeArgs) : null;
  const loop = dispose === null ? null : await readLoop(db, payload.repoId, payload.prNumber);
  const record: StoredDisposition = {
    disposition: dispose?.disposition ?? "ignored",
    by: payload.actor.login,
    at: session.now().toISOString(),
    source: dispose?.filed?.source ?? "command",
    commentId: payload.comment.id,
    ...(dispose === null ? {} : { round: loop?.state.round ?? 0 }),
    ...(args.note === undefined ? {} : { note: args.note }),
  };
  const id = `\`${finding.id}\``;
  if (command.command === "ignore") {
    // False only if a concurrent pass resolved it a moment ago: then there is nothing to ignore.
    if (!(await ignoreFinding(db, payload, finding.id, record))) {
      return notOpen(session, finding.id, "resolved");
    }
    return {
      outcome: "ran",
      quiet: true,
      message: `${id} is ignored on this pull request: it no longer blocks and is not reported again.`,
    };
  }
  if (!(await recordDisposition(db, payload, finding.id, record))) {
    return notOpen(session, finding.id, "resolved");
  }
  return {
    outcome: "ran",
    quiet: true,
    message: `Recorded ${id} as ${record.disposition}; the next review shows it in the disposition table, pending verification.`,
  };
}
