/** `findingSchema`'s limits. */
export const MAX_TITLE_CHARS = 255;
export const MAX_BODY_CHARS = 20_000;

/** An HTML comment, or an unclosed one running to the end (both hide text on GitHub). */
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;

/** A line that would read as a command if the text were posted as is. */
const COMMAND_LINE = /^\s*\/reviewloop/i;

/**
 * Removes HTML comments until none is left (removing one can join two halves into a new one):
 * model text must not hide content or imitate the app's hidden markers.
 */
function stripHtmlComments(text: string): string {
  let previous: string;
  let current = text;
  do {
    previous = current;
    current = current.replace(HTML_COMMENT, "");
  } while (current !== previous);
  return current;
}

/** `text` cut to `max` UTF-16 units without splitting a surrogate pair. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

/** Model text with HTML comments and `/reviewloop` lines removed, trimmed. */
function clean(text: string): string {
  return stripHtmlComments(text.replace(/\r\n?/g, "\n"))
    .split("\n")
    .filter((line) => !COMMAND_LINE.test(line))
    .join("\n")
    .trim();
}

/**
 * A finding title from model text: cleaned like {@link cleanFindingBody}, on one line, at most
 * {@link MAX_TITLE_CHARS}. Empty when nothing is left (the finding is then dropped).
 */
export function cleanFindingTitle(text: string): string {
  return clip(clean(text).replace(/\s+/g, " "), MAX_TITLE_CHARS).trim();
}

/**
 * A finding body from model text: without HTML comments and without lines starting with
 * `/reviewloop` (any case, after spaces), trimmed, at most {@link MAX_BODY_CHARS}. Defence in
 * depth: the renderers escape again when posting.
 */
export function cleanFindingBody(text: string): string {
  return clip(clean(text), MAX_BODY_CHARS);
}
