import { DISPOSITIONS } from "./command-types.ts";
import { boundRaw, type ParsedDisposition, type ReadDisposition } from "./disposition-entry.ts";
import { readDispositionWord } from "./disposition-words.ts";
import { MAX_NOTE_CHARS, normalizeFindingId, quoteInline } from "./parse-arguments.ts";

const ACCEPTED = `(${DISPOSITIONS.slice(0, -1).join(", ")} or ${DISPOSITIONS.at(-1)})`;

/** The finding id of a cell or field: `F1`, `**F1**`, `` `F1` ``, `#F1`, `[F1](…)`. */
export function readFindingIdCell(text: string): string | null {
  let cell = text.trim();
  const link = /^\[([^\]]*)\]\([^)]*\)$/.exec(cell);
  if (link) cell = link[1].trim();
  cell = cell.replace(/^[*_]+|[*_]+$/g, "").trim();
  return normalizeFindingId(cell);
}

/** What one entry (row, JSON entry, reply) is made of, before it is checked. */
export interface EntryFields {
  label: string;
  raw: string;
  line: number;
  source: "comment" | "thread";
  /** The id as written; empty when missing. */
  id: string;
  /** The disposition as written; empty when missing. */
  disposition: string;
  /** A separate note (a table's note column, a JSON `note`); empty when none. */
  note: string;
}

/** Notes that say "no note" in a table cell. */
const EMPTY_NOTE = /^(?:[-–—]|n\/?a|none)?$/i;

function joinNotes(parts: string[]): string {
  return parts
    .map((part) => part.trim())
    .filter((part) => !EMPTY_NOTE.test(part))
    .join("; ");
}

function error(fields: EntryFields, problem: string): ParsedDisposition {
  return {
    ok: false,
    label: fields.label,
    message: `${fields.label}: ${problem}`,
    raw: boundRaw(fields.raw),
    line: fields.line,
  };
}

/**
 * Checks one entry's fields and turns them into a claim, or the error naming the entry and the
 * problem: no id, an id that is not a finding id, no disposition or an unknown one, a note
 * longer than 1,000 characters. The text after the disposition word (`disagree: intended`,
 * `fixed in PR (commit 7b505f6)`) starts the note.
 */
export function checkEntry(fields: EntryFields): ParsedDisposition {
  if (fields.id.trim() === "") return error(fields, "no `id`");
  const id = readFindingIdCell(fields.id);
  if (id === null) {
    return error(
      fields,
      `${quoteInline(fields.id.trim())} is not a finding id; ids look like \`F3\``,
    );
  }
  const written = fields.disposition.trim();
  if (written === "") return error(fields, `no \`disposition\` ${ACCEPTED}`);
  const read: ReadDisposition | null = readDispositionWord(written);
  if (read === null) {
    return error(fields, `${quoteInline(written)} is not a disposition ${ACCEPTED}`);
  }
  const note = joinNotes([read.rest, fields.note]);
  if (note.length > MAX_NOTE_CHARS) {
    return error(
      fields,
      `the note is ${note.length} characters long; at most ${MAX_NOTE_CHARS} are allowed`,
    );
  }
  return {
    ok: true,
    id,
    disposition: read.disposition,
    ...(note === "" ? {} : { note }),
    source: fields.source,
    label: fields.label,
    raw: boundRaw(fields.raw),
    line: fields.line,
  };
}
