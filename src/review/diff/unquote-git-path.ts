/**
 * Decoding of paths as git prints them in diff headers. With the default `core.quotePath`, git
 * wraps a path in double quotes and writes C escapes (`\t`, `\"`, `\\`, …) and every byte
 * outside printable ASCII as a three-digit octal escape, so `ä.txt` becomes `"\303\244.txt"`.
 */

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 7,
  b: 8,
  t: 9,
  n: 10,
  v: 11,
  f: 12,
  r: 13,
  '"': 34,
  "\\": 92,
};

const utf8Decoder = new TextDecoder("utf-8");
const utf8Encoder = new TextEncoder();

/** A quoted token read from the start of a string: the decoded text and the index just past the closing quote. */
export interface QuotedToken {
  value: string;
  end: number;
}

/**
 * Reads a C-style quoted string starting at `start` (which must be a `"`). Escaped bytes are
 * collected and decoded as UTF-8 at the end, because one character may span several octal
 * escapes. Returns null when the closing quote is missing.
 */
export function readQuotedToken(text: string, start: number): QuotedToken | null {
  const bytes: number[] = [];
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      return { value: utf8Decoder.decode(Uint8Array.from(bytes)), end: i + 1 };
    }
    if (ch === "\\" && i + 1 < text.length) {
      const next = text[i + 1];
      if (next >= "0" && next <= "7") {
        let value = 0;
        let j = i + 1;
        while (j < i + 4 && j < text.length && text[j] >= "0" && text[j] <= "7") {
          value = value * 8 + (text.charCodeAt(j) - 48);
          j++;
        }
        bytes.push(value & 0xff);
        i = j;
        continue;
      }
      const simple = SIMPLE_ESCAPES[next];
      bytes.push(simple ?? next.charCodeAt(0));
      i += 2;
      continue;
    }
    // Unescaped characters may still be non-ASCII (core.quotePath=false); keep them as UTF-8.
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes.push(code);
    else {
      const cp = text.codePointAt(i)!;
      const char = String.fromCodePoint(cp);
      for (const b of utf8Encoder.encode(char)) bytes.push(b);
      i += char.length;
      continue;
    }
    i++;
  }
  return null;
}

/**
 * Turns a path token from a diff header into the plain path: decodes a quoted token, and for an
 * unquoted one drops what follows a tab (git appends a tab to `---`/`+++` names that contain a
 * space; other tools append a timestamp after it).
 */
export function unquoteGitPath(token: string): string {
  if (token.startsWith('"')) {
    const quoted = readQuotedToken(token, 0);
    if (quoted) return quoted.value;
  }
  const tab = token.indexOf("\t");
  return tab === -1 ? token : token.slice(0, tab);
}

/** Removes git's `a/` or `b/` side prefix when present. */
export function stripSidePrefix(path: string, prefix: "a/" | "b/"): string {
  return path.startsWith(prefix) ? path.slice(2) : path;
}
