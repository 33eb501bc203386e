import type { CommandName } from "./command-names.ts";
import type { DispositionSource } from "./disposition-entry.ts";

/** How a fixer (or a person) says a finding was handled. */
export const DISPOSITIONS = ["fixed", "disagree", "deferred"] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** `dispose <id> fixed|disagree|deferred [note…]`. */
export interface DisposeArgs {
  /** Finding id, upper-case (`F3`). */
  id: string;
  /** True when the id was omitted and taken from the review thread the comment replies in. */
  idFromThread: boolean;
  disposition: Disposition;
  /** The rest of the line, outer quotes removed; absent when empty. */
  note?: string;
  /**
   * Set when the claim was not a `/reviewloop dispose` line but a row of a dispositions table or
   * block (`comment`) or a reply in the finding's thread (`thread`); `label` names it in replies.
   */
  filed?: { source: DispositionSource; label: string };
}

/** `ignore <id> [note…]`. */
export interface IgnoreArgs {
  /** Finding id, upper-case (`F3`). */
  id: string;
  /** True when the id was omitted and taken from the review thread the comment replies in. */
  idFromThread: boolean;
  /** The rest of the line, outer quotes removed; absent when empty. */
  note?: string;
}

/** No arguments. */
export type NoArgs = Record<string, never>;

/** The typed arguments of each command. */
export interface CommandArgs {
  review: NoArgs;
  "full-review": NoArgs;
  fix: NoArgs;
  retry: NoArgs;
  pause: NoArgs;
  resume: NoArgs;
  stop: NoArgs;
  status: NoArgs;
  help: NoArgs;
  dispose: DisposeArgs;
  ignore: IgnoreArgs;
}

/** A command line that parsed; `command` narrows `args`. */
export type OkCommand = {
  [K in CommandName]: {
    ok: true;
    command: K;
    args: CommandArgs[K];
    /** 1-based line number in the comment body. */
    line: number;
    /** The command line as written, without leading spaces. */
    raw: string;
  };
}[CommandName];

/**
 * Why a command line (or the comment) could not be obeyed:
 * - `unknown_command` — not a command name (`usage` holds the help text);
 * - `bad_arguments` — wrong arguments (`usage` holds the command's usage);
 * - `truncated` — the comment was longer than the bound; lines after it were not read;
 * - `too_many_commands` — commands beyond the per-comment limit were not run.
 * The last two are only reported for comments that hold at least one command line.
 */
export type CommandErrorKind =
  | "unknown_command"
  | "bad_arguments"
  | "truncated"
  | "too_many_commands";

/** A command line (or comment) that cannot be obeyed, with a message for the reply. */
export interface CommandError {
  ok: false;
  error: CommandErrorKind;
  /** The offending line as written (empty for comment-level errors). */
  raw: string;
  /** 1-based line number (for comment-level errors, the first line not read). */
  line: number;
  /** One sentence for the reply. */
  message: string;
  /** Markdown to show with the message: the command's usage, or the help text. */
  usage?: string;
  /** For `bad_arguments`: the command that was recognized. */
  command?: CommandName;
}

export type ParsedCommand = OkCommand | CommandError;
