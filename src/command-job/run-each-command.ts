import type { CommandError, OkCommand, ParsedCommand } from "../commands/command-types.ts";
import { LeaseLostError } from "../jobs/assert-lease.ts";
import {
  type CommandResultRecord,
  type CommentKey,
  recordCommandOutcome,
} from "../store/command-repository.ts";
import type { Queryable } from "../store/db.ts";
import { type CommandRunContext, describeFailure, transactionDb } from "./command-run-context.ts";
import type { CommandSession } from "./command-session.ts";
import { checkCommand, executeCommand } from "./execute-command.ts";
import type { CommandOutcome } from "./render-command-reply.ts";

type Outcome = Omit<CommandOutcome, "line" | "raw" | "command">;

/** A line that did not parse: what is wrong, with the usage when there is one. */
export function invalidOutcome(error: CommandError): CommandOutcome {
  const message = error.usage === undefined ? error.message : `${error.message}\n\n${error.usage}`;
  return {
    line: error.line,
    raw: error.raw,
    command: error.command ?? (error.raw === "" ? "comment" : "unknown"),
    outcome: "invalid",
    message,
  };
}

/** A recorded outcome, back in the shape the reply renders. */
export function recordedOutcome(command: OkCommand, record: CommandResultRecord): CommandOutcome {
  return {
    line: command.line,
    raw: command.raw,
    command: command.command,
    outcome: record.outcome,
    message: record.message,
    ...(record.quiet === true ? { quiet: true } : {}),
  };
}

async function record(
  tx: Queryable,
  key: CommentKey,
  command: OkCommand,
  outcome: Outcome,
): Promise<CommandResultRecord> {
  return recordCommandOutcome(tx, key, {
    line: command.line,
    command: command.command,
    outcome: outcome.outcome,
    message: outcome.message,
    ...(outcome.quiet === true ? { quiet: true } : {}),
  });
}

/** True for failures that end the job, not the command: the lease is gone or the job stops. */
function endsTheJob(run: CommandRunContext, error: unknown): boolean {
  return run.signal.aborted || error instanceof LeaseLostError;
}

/**
 * Runs one command on its own. Its database effect (a loop event, a disposition, the cooldown)
 * and its recorded outcome commit in one transaction, under the job's lease: a crash leaves
 * either both or neither, so a retry neither redoes it nor misreports it. Any other failure
 * becomes the command's outcome (`failed: <reason>`), recorded too.
 */
async function runOne(
  run: CommandRunContext,
  key: CommentKey,
  session: CommandSession,
  command: OkCommand,
): Promise<CommandResultRecord> {
  let outcome: Outcome;
  try {
    const refused = await checkCommand(session, command);
    if (refused === null) {
      // The checks above waited on GitHub: the lease may have been lost meanwhile.
      run.signal.throwIfAborted();
      return await run.db.transaction(async (tx) => {
        await run.assertLease(tx);
        const inTx = { ...session, db: transactionDb(tx, run.db.kind) };
        return record(tx, key, command, await executeCommand(inTx, command));
      });
    }
    outcome = refused;
  } catch (error) {
    if (endsTheJob(run, error)) throw error;
    run.log.warn({ err: error, command: command.command, line: command.line }, "Command failed");
    outcome = { outcome: "failed", message: `failed: ${describeFailure(error)}` };
  }
  return run.db.transaction(async (tx) => {
    await run.assertLease(tx);
    return record(tx, key, command, outcome);
  });
}

/**
 * Runs the comment's commands in order, each on its own: one that fails does not stop the
 * others. Commands whose outcome an earlier attempt recorded are not run again; their recorded
 * outcome goes into the reply. The job's signal is checked before each command.
 */
export async function runEachCommand(
  run: CommandRunContext,
  key: CommentKey,
  session: CommandSession,
  parsed: readonly ParsedCommand[],
  recorded: readonly CommandResultRecord[],
): Promise<CommandOutcome[]> {
  const outcomes: CommandOutcome[] = [];
  for (const command of parsed) {
    if (!command.ok) {
      outcomes.push(invalidOutcome(command));
      continue;
    }
    const earlier = recorded.find((r) => r.line === command.line);
    if (earlier !== undefined) {
      run.log.info({ command: command.command, line: command.line }, "Command ran before: skipped");
      outcomes.push(recordedOutcome(command, earlier));
      continue;
    }
    run.signal.throwIfAborted();
    outcomes.push(recordedOutcome(command, await runOne(run, key, session, command)));
  }
  return outcomes;
}
