import { findClosest } from "../config/find-closest.ts";
import type { CommandName } from "./command-names.ts";
import { type CommandArgs, DISPOSITIONS, type Disposition } from "./command-types.ts";
import { readRest, readToken, splitArguments } from "./tokenize-arguments.ts";

/** Notes are echoed in the disposition table; a bound keeps one comment from flooding it. */
export const MAX_NOTE_CHARS = 1000;

export type ArgumentsResult<K extends CommandName> =
  | { ok: true; args: CommandArgs[K] }
  | { ok: false; message: string };

/** Where the comment was written: a reply in a finding's review thread knows its finding. */
export interface ArgumentContext {
  findingId?: string;
}

/** User text inside inline code in a reply: bounded, and unable to close the code span. */
export function quoteInline(text: string): string {
  const short = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return `\`${short.replaceAll("`", "'")}\``;
}

/**
 * `F12`, `f12`, `` `F12` ``, `#F12` → `F12`; anything else → null. Backticks and `#` are
 * accepted because ids are copied from the summary table, where they are shown as code.
 */
export function normalizeFindingId(text: string): string | null {
  const match = /^#?`?#?F0*([1-9]\d{0,8})`?$/i.exec(text);
  return match ? `F${match[1]}` : null;
}

function noteOrError(
  note: string | undefined,
): { ok: true; note?: string } | { ok: false; message: string } {
  if (note === undefined) return { ok: true };
  if (note.length > MAX_NOTE_CHARS) {
    return {
      ok: false,
      message: `the note is ${note.length} characters long; at most ${MAX_NOTE_CHARS} are allowed`,
    };
  }
  return { ok: true, note };
}

type IdStep =
  | { ok: true; id: string; idFromThread: boolean; next: number }
  | { ok: false; message: string };

/** Reads the finding id, or takes the thread's when the first word is not an id. */
function readFindingId(text: string, context: ArgumentContext): IdStep {
  const first = readToken(text, 0);
  if (!first.ok) return first;
  const id = first.token ? normalizeFindingId(first.token.value) : null;
  if (id && first.token) return { ok: true, id, idFromThread: false, next: first.token.end };
  const threadId = context.findingId ? normalizeFindingId(context.findingId) : null;
  if (threadId) return { ok: true, id: threadId, idFromThread: true, next: 0 };
  if (first.token === null) return { ok: false, message: "a finding id such as `F3` is missing" };
  return {
    ok: false,
    message: `${quoteInline(first.token.value)} is not a finding id; ids look like \`F3\``,
  };
}

function parseDispose(text: string, context: ArgumentContext): ArgumentsResult<"dispose"> {
  const id = readFindingId(text, context);
  if (!id.ok) return id;
  const word = readToken(text, id.next);
  if (!word.ok) return word;
  if (word.token === null) {
    return {
      ok: false,
      message: "say how the finding was handled: `fixed`, `disagree` or `deferred`",
    };
  }
  const disposition = word.token.value.toLowerCase();
  if (!(DISPOSITIONS as readonly string[]).includes(disposition)) {
    const closest = findClosest(disposition, DISPOSITIONS);
    const hint = closest ? ` — did you mean \`${closest}\`?` : "";
    return {
      ok: false,
      message: `${quoteInline(word.token.value)} is not \`fixed\`, \`disagree\` or \`deferred\`${hint}`,
    };
  }
  const note = noteOrError(readRest(text, word.token.end));
  if (!note.ok) return note;
  return {
    ok: true,
    args: {
      id: id.id,
      idFromThread: id.idFromThread,
      disposition: disposition as Disposition,
      ...(note.note === undefined ? {} : { note: note.note }),
    },
  };
}

function parseIgnore(text: string, context: ArgumentContext): ArgumentsResult<"ignore"> {
  const id = readFindingId(text, context);
  if (!id.ok) return id;
  const note = noteOrError(readRest(text, id.next));
  if (!note.ok) return note;
  return {
    ok: true,
    args: {
      id: id.id,
      idFromThread: id.idFromThread,
      ...(note.note === undefined ? {} : { note: note.note }),
    },
  };
}

/** Parses the text after the command name into that command's typed arguments. */
export function parseArguments<K extends CommandName>(
  command: K,
  text: string,
  context: ArgumentContext,
): ArgumentsResult<K> {
  if (command === "dispose") return parseDispose(text, context) as ArgumentsResult<K>;
  if (command === "ignore") return parseIgnore(text, context) as ArgumentsResult<K>;
  const split = splitArguments(text);
  if (!split.ok) return split;
  if (split.args.length > 0) {
    return {
      ok: false,
      message: `takes no arguments, but got ${quoteInline(split.args.join(" "))}`,
    };
  }
  return { ok: true, args: {} as CommandArgs[K] };
}
