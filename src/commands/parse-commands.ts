import { findClosest } from "../config/find-closest.ts";
import { COMMAND_NAMES, isCommandName } from "./command-names.ts";
import type { CommandError, OkCommand, ParsedCommand } from "./command-types.ts";
import { helpText, usage } from "./describe-commands.ts";
import { parseArguments, quoteInline } from "./parse-arguments.ts";
import { type CommandLine, scanCommandLines } from "./scan-command-lines.ts";

/** Default bound on the characters of a comment that are read for commands. */
export const DEFAULT_MAX_CHARS = 10_000;
/** Default bound on the commands run from one comment. */
export const DEFAULT_MAX_COMMANDS = 10;

export interface ParseCommandsOptions {
  /** The GitHub App's slug: `@<slug>` (or `@<slug>[bot]`) works like `/reviewloop`. */
  appSlug: string;
  /** Only whole lines within this many characters are read (default 10,000). */
  maxChars?: number;
  /** At most this many commands are returned; more yield one `too_many_commands` error (default 10). */
  maxCommands?: number;
  /** Set for a reply in a finding's review thread: `dispose` and `ignore` may omit the id. */
  inThread?: { findingId?: string };
}

function parseLine(entry: CommandLine, options: ParseCommandsOptions): ParsedCommand {
  const { line, raw, rest } = entry;
  const nameMatch = /^\S+/.exec(rest);
  if (!nameMatch) {
    return {
      ok: false,
      error: "unknown_command",
      raw,
      line,
      message: "A command name is missing after the prefix.",
      usage: helpText(options.appSlug),
    };
  }
  const written = nameMatch[0];
  // "/reviewloop review." or "review!" still means review.
  const name = written.toLowerCase().replace(/[.,;:!?]+$/, "");
  if (!isCommandName(name)) {
    const closest = findClosest(name, COMMAND_NAMES);
    const hint = closest ? ` Did you mean \`${closest}\`?` : "";
    return {
      ok: false,
      error: "unknown_command",
      raw,
      line,
      message: `${quoteInline(written)} is not a reviewloop command.${hint}`,
      usage: helpText(options.appSlug),
    };
  }
  const parsed = parseArguments(name, rest.slice(written.length), options.inThread ?? {});
  if (!parsed.ok) {
    return {
      ok: false,
      error: "bad_arguments",
      command: name,
      raw,
      line,
      message: `\`${name}\`: ${parsed.message}${/[.?!]$/.test(parsed.message) ? "" : "."}`,
      usage: usage(name),
    };
  }
  return { ok: true, command: name, args: parsed.args, line, raw } as OkCommand;
}

/**
 * The commands of one comment, in order. A command is a line that starts (after at most three
 * spaces) with `/reviewloop <command> [args]` or `@<app-slug> <command> [args]`, prefix and name
 * case-insensitive, outside code blocks, quotes and HTML comments. Each line yields a parsed
 * command or an error to reply with. A comment without command lines yields `[]`, however long
 * it is; one with command lines also reports `truncated` / `too_many_commands` when a bound cut
 * it short. Pure and total: never throws.
 */
export function parseCommands(body: string, options: ParseCommandsOptions): ParsedCommand[] {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const maxCommands = options.maxCommands ?? DEFAULT_MAX_COMMANDS;
  const scan = scanCommandLines(body, options.appSlug, maxChars);
  if (scan.lines.length === 0) return [];
  const results = scan.lines.slice(0, maxCommands).map((entry) => parseLine(entry, options));
  if (scan.lines.length > maxCommands) {
    const first = scan.lines[maxCommands];
    results.push({
      ok: false,
      error: "too_many_commands",
      raw: "",
      line: first.line,
      message: `Only the first ${maxCommands} commands of a comment are run; ${scan.lines.length - maxCommands} more were ignored.`,
    } satisfies CommandError);
  }
  if (scan.truncated) {
    results.push({
      ok: false,
      error: "truncated",
      raw: "",
      line: scan.firstUnreadLine,
      message: `Only the first ${maxChars} characters of a comment are read for commands; lines from ${scan.firstUnreadLine} on were not read.`,
    } satisfies CommandError);
  }
  return results;
}

/**
 * True when some line of `text` would be read as a command (valid or not). Every comment the
 * app posts must make this false, or the app could answer itself; renderer tests call it on
 * each template. No length bound applies, so the whole text is checked.
 */
export function containsCommand(text: string, appSlug: string): boolean {
  return scanCommandLines(text, appSlug, Number.POSITIVE_INFINITY).lines.length > 0;
}
