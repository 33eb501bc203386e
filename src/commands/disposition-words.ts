import type { Disposition } from "./command-types.ts";
import type { ReadDisposition } from "./disposition-entry.ts";

/**
 * The words agents and people write for each disposition, longest first where one starts
 * another. Matched at the start of the text, case-insensitive, followed by a non-word character.
 */
const WORDS: readonly { pattern: RegExp; disposition: Disposition }[] = [
  { pattern: /^fixed(?:[- ]in[- ](?:the[- ])?pr\b)?/i, disposition: "fixed" },
  { pattern: /^(?:won['’]?t|will not)[- ]?fix/i, disposition: "disagree" },
  { pattern: /^disagreed?/i, disposition: "disagree" },
  { pattern: /^defer(?:red)?/i, disposition: "deferred" },
  { pattern: /^follow[- ]?up/i, disposition: "deferred" },
];

/** Emphasis and code marks around a word (`**fixed**`, `_defer_`, `` `fixed` ``). */
const MARKS = /^[*_`]+/;
const WORD_CHAR = /[\p{L}\p{N}_]/u;
/** What may separate the word from its note: `disagree: …`, `won't fix — …`, `fixed. …`. */
const SEPARATORS = /^[\s:;,.!\-–—]+/;

/** `(commit 7b505f6)` → `commit 7b505f6`: a note written wholly in parentheses. */
function unwrap(text: string): string {
  const match = /^\((.*)\)$/s.exec(text);
  return match !== null && !match[1].includes(")") ? match[1].trim() : text;
}

/**
 * Reads a disposition word at the start of `text`: `fixed`, `fixed-in-PR`, `fixed in PR`
 * (→ fixed); `disagree`, `won't fix`, `wontfix` (→ disagree); `deferred`, `defer`, `follow-up`
 * (→ deferred). Emphasis or backticks around the word are allowed. The rest (after `:`, `—`,
 * `-`, spaces) is returned as the note's text. Null when `text` does not start with one.
 */
export function readDispositionWord(text: string): ReadDisposition | null {
  const trimmed = text.trim();
  const marks = MARKS.exec(trimmed)?.[0] ?? "";
  const start = trimmed.slice(marks.length);
  for (const { pattern, disposition } of WORDS) {
    const match = pattern.exec(start);
    if (match === null) continue;
    let after = start.slice(match[0].length);
    if (marks !== "" && after.startsWith(marks)) after = after.slice(marks.length);
    if (after !== "" && WORD_CHAR.test(after[0])) return null;
    return { disposition, rest: unwrap(after.replace(SEPARATORS, "").trim()) };
  }
  return null;
}
