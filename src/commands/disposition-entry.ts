import type { Disposition } from "./command-types.ts";

/** How a disposition was filed outside a `/reviewloop dispose` line. */
export type DispositionSource = "comment" | "thread";

/** One claim read from a comment: a row of a table, an entry of a JSON block, a thread reply. */
export interface DispositionEntry {
  ok: true;
  /** Finding id, upper-case (`F3`). */
  id: string;
  disposition: Disposition;
  /** What the filer said besides the disposition word; absent when nothing. */
  note?: string;
  /** `comment`: a dispositions block or table; `thread`: a reply in the finding's thread. */
  source: DispositionSource;
  /** Names the entry in a reply: `row 2`, `entry 1`, `table 2, row 1`, `this reply`. */
  label: string;
  /** The entry as written (a table row, a JSON entry, the reply's first line), bounded. */
  raw: string;
  /** 1-based line of the body where it is written. */
  line: number;
}

/** A row, entry or block that cannot be recorded, with the sentence for the reply. */
export interface DispositionError {
  ok: false;
  /** Names what is wrong in a reply, as in `DispositionEntry.label`. */
  label: string;
  /** `<label>: <problem>`, e.g. "row 3: `maybe` is not a disposition (fixed, disagree or deferred)". */
  message: string;
  /** The text as written, bounded (empty for block-level problems). */
  raw: string;
  /** 1-based line of the body where it is written. */
  line: number;
}

/** What one piece of a comment came to: a claim to record or an error to reply with. */
export type ParsedDisposition = DispositionEntry | DispositionError;

/** A disposition and its note, as read from one cell, field or line. */
export interface ReadDisposition {
  disposition: Disposition;
  /** The text after the disposition word, separators and wrapping parentheses removed. */
  rest: string;
}

/** Bound on the text kept in `raw`: it is quoted in the reply. */
const RAW_CHARS = 80;

/** `text` on one line, at most 80 characters. */
export function boundRaw(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > RAW_CHARS ? `${line.slice(0, RAW_CHARS - 1)}…` : line;
}
