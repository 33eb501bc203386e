/** One argument and where it ended in the argument text. */
export interface Token {
  value: string;
  /** Offset just past the token, where the rest of the line starts. */
  end: number;
}

export type TokenResult = { ok: true; token: Token | null } | { ok: false; message: string };

const OPENING_TO_CLOSING: Record<string, string> = { '"': '"', "'": "'", "“": "”" };

/**
 * Reads the next shell-like argument of `text` from `start`: whitespace separates arguments,
 * "double", 'single' and “typographic” quotes group words, and a backslash escapes a quote or a
 * backslash (any other backslash is kept, so `C:\temp` survives). Lazy on purpose: callers read
 * only the arguments they need and keep the rest of the line as free text, where an apostrophe
 * ("it's") must not count as an opening quote.
 */
export function readToken(text: string, start: number): TokenResult {
  let i = start;
  while (i < text.length && /\s/.test(text[i])) i++;
  if (i >= text.length) return { ok: true, token: null };
  let value = "";
  while (i < text.length && !/\s/.test(text[i])) {
    const char = text[i];
    const closing = OPENING_TO_CLOSING[char];
    if (closing !== undefined) {
      const close = findClosing(text, i + 1, closing);
      if (close < 0) return { ok: false, message: `the quote ${char} is never closed` };
      value += unescapeQuoted(text.slice(i + 1, close), closing);
      i = close + 1;
    } else if (
      char === "\\" &&
      (text[i + 1] === '"' || text[i + 1] === "'" || text[i + 1] === "\\")
    ) {
      value += text[i + 1];
      i += 2;
    } else {
      value += char;
      i++;
    }
  }
  return { ok: true, token: { value, end: i } };
}

function findClosing(text: string, from: number, closing: string): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === "\\" && closing !== "'") i++;
    else if (text[i] === closing) return i;
  }
  return -1;
}

function unescapeQuoted(quoted: string, closing: string): string {
  // Inside single quotes nothing is special, as in a shell.
  if (closing === "'") return quoted;
  return quoted.replace(/\\(["\\”])/g, "$1");
}

/** Every argument of `text`, or the reason it cannot be split. */
export function splitArguments(
  text: string,
): { ok: true; args: string[] } | { ok: false; message: string } {
  const args: string[] = [];
  let position = 0;
  for (;;) {
    const result = readToken(text, position);
    if (!result.ok) return result;
    if (result.token === null) return { ok: true, args };
    args.push(result.token.value);
    position = result.token.end;
  }
}

/** Free text after the arguments: trimmed, and unwrapped when one pair of quotes encloses it. */
export function readRest(text: string, start: number): string | undefined {
  const rest = text.slice(start).trim();
  if (rest === "") return undefined;
  const closing = OPENING_TO_CLOSING[rest[0]];
  if (closing !== undefined && rest.length >= 2 && rest.endsWith(closing)) {
    const inner = rest.slice(1, -1);
    if (!inner.includes(rest[0]) && !inner.includes(closing)) return inner.trim() || undefined;
  }
  return rest;
}
