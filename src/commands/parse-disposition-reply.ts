import type { ParsedDisposition } from "./disposition-entry.ts";
import { boundRaw } from "./disposition-entry.ts";
import { readDispositionWord } from "./disposition-words.ts";
import { MAX_NOTE_CHARS } from "./parse-arguments.ts";

/** The first line of `body` with text, and its 1-based number; null for an empty body. */
function firstTextLine(body: string): { text: string; line: number } | null {
  const lines = body.replace(/\r\n?/g, "\n").split("\n");
  const index = lines.findIndex((line) => line.trim() !== "");
  return index < 0 ? null : { text: lines[index], line: index + 1 };
}

/**
 * True when a reply starts with a disposition word (`Fixed in 7b505f6`, `Disagree: intended`,
 * `Won't fix — …`, `Deferred to #12`), after at most three spaces. Anything else — a quote, a
 * command, prose — is not a disposition.
 */
export function startsWithDisposition(body: string): boolean {
  const first = firstTextLine(body);
  return first !== null && /^ {0,3}\S/.test(first.text) && readDispositionWord(first.text) !== null;
}

/**
 * A reply in a finding's review thread that starts with a disposition word: the claim on the
 * thread's finding, the rest of its first paragraph (whitespace collapsed, cut at 1,000
 * characters) as the note. Null when the reply does not start with a disposition word.
 */
export function parseDispositionReply(body: string, findingId: string): ParsedDisposition | null {
  const first = firstTextLine(body);
  if (first === null || !startsWithDisposition(body)) return null;
  // The note is the rest of the first paragraph: a table or block after it is read on its own.
  const paragraph =
    body
      .replace(/\r\n?/g, "\n")
      .trim()
      .split(/\n\s*\n/, 1)[0] ?? "";
  const read = readDispositionWord(paragraph);
  if (read === null) return null;
  const rest = read.rest.replace(/\s+/g, " ").trim();
  const note = rest.length > MAX_NOTE_CHARS ? `${rest.slice(0, MAX_NOTE_CHARS - 1)}…` : rest;
  return {
    ok: true,
    id: findingId,
    disposition: read.disposition,
    ...(note === "" ? {} : { note }),
    source: "thread",
    label: "this reply",
    raw: boundRaw(first.text),
    line: first.line,
  };
}
