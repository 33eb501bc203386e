import type { ParsedCommand } from "../commands/command-types.ts";
import { inlineCode } from "../review/render-escape.ts";
import type { CommandResultRecord } from "../store/command-repository.ts";
import { type CommandOutcome, renderCommandReply } from "./render-command-reply.ts";
import { invalidOutcome, recordedOutcome } from "./run-each-command.ts";

/** What the reply to a comment whose job gave up says. */
export interface FailureReplyInput {
  appSlug: string;
  marker: string;
  parsed: readonly ParsedCommand[];
  /** The outcomes the job recorded before it died. */
  recorded: readonly CommandResultRecord[];
  /** How many times the job was tried. */
  attempts: number;
  /** Why the last attempt failed, one line. */
  reason: string;
}

function names(outcomes: readonly CommandOutcome[]): string {
  return outcomes.map((o) => inlineCode(o.command)).join(", ");
}

/**
 * The comment's one reply when its job gave up: first that it failed and why, which commands
 * ran and which did not; then each command line with its recorded outcome, or "did not run".
 */
export function renderFailureReply(input: FailureReplyInput): string {
  const executed: CommandOutcome[] = [];
  const skipped: CommandOutcome[] = [];
  const outcomes = input.parsed.map((command): CommandOutcome => {
    if (!command.ok) return invalidOutcome(command);
    const record = input.recorded.find((r) => r.line === command.line);
    if (record !== undefined) {
      // Every section is shown: the reply is about what happened to each line.
      const outcome = { ...recordedOutcome(command, record), quiet: false };
      executed.push(outcome);
      return outcome;
    }
    const outcome: CommandOutcome = {
      line: command.line,
      raw: command.raw,
      command: command.command,
      outcome: "failed",
      message: "Did not run.",
    };
    skipped.push(outcome);
    return outcome;
  });
  const tries = input.attempts === 1 ? "1 attempt" : `${input.attempts} attempts`;
  const lines = [
    `reviewloop failed while running this comment's commands and gave up after ${tries}: ${inlineCode(input.reason)}.`,
  ];
  if (executed.length > 0) lines.push(`Ran: ${names(executed)}.`);
  if (skipped.length > 0) {
    lines.push(`Did not run: ${names(skipped)}. Give them again in a new comment to retry.`);
  }
  const note: CommandOutcome = {
    line: 0,
    raw: "",
    command: "comment",
    outcome: "failed",
    message: lines.join(" "),
  };
  return renderCommandReply([note, ...outcomes], { appSlug: input.appSlug, marker: input.marker });
}
