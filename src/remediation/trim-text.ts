/** Moves a cut back by one when it would split a surrogate pair (half an emoji is not text). */
function safeCut(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}

/**
 * Keeps the start of `text` within `max` characters of original text and says what was cut and
 * where the whole text is, so the agent knows it reads an excerpt.
 */
export function trimHead(text: string, max: number, whereWhole?: string): string {
  if (text.length <= max) return text;
  const kept = text.slice(0, safeCut(text, max)).trimEnd();
  const where = whereWhole ? `; the whole text: ${whereWhole}` : "";
  return `${kept}\n\n… (${text.length - kept.length} more characters cut${where})`;
}

/** How far a cut may move forward to start at a whole line. */
const NEAR = 200;

/**
 * Keeps the end of a log within `max` characters, starting at a line boundary when one is near:
 * the last lines of a failed job are where its error is.
 */
export function trimTail(text: string, max: number): string {
  if (text.length <= max) return text;
  let start = text.length - max;
  const code = text.charCodeAt(start);
  if (code >= 0xdc00 && code <= 0xdfff) start += 1;
  const newline = text.indexOf("\n", start);
  if (newline !== -1 && newline - start < NEAR && newline < text.length - 1) start = newline + 1;
  return `… (${start} earlier characters cut)\n${text.slice(start)}`;
}
