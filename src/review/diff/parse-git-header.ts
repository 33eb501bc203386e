import { readQuotedToken, stripSidePrefix } from "./unquote-git-path.ts";

/** Both paths named on a `diff --git a/… b/…` line, without their `a/`/`b/` prefixes. */
export interface GitHeaderPaths {
  oldPath: string;
  newPath: string;
}

/**
 * Reads the paths from the text after `diff --git `. This line is ambiguous when unquoted paths
 * contain spaces, so callers prefer `rename from/to` and `---`/`+++` lines; this is the fallback
 * for entries that have neither (binary files, mode-only changes, empty added or deleted files),
 * where both paths are the same — the same rule git itself applies.
 */
export function parseGitHeaderPaths(rest: string): GitHeaderPaths | null {
  let first: string;
  let second: string;
  if (rest.startsWith('"')) {
    const quoted = readQuotedToken(rest, 0);
    if (!quoted) return null;
    first = quoted.value;
    const tail = rest.slice(quoted.end + 1);
    const quotedTail = tail.startsWith('"') ? readQuotedToken(tail, 0) : null;
    second = quotedTail ? quotedTail.value : tail;
  } else {
    // An unquoted first path cannot contain `"`, so ` "` starts a quoted second path.
    const quoteAt = rest.indexOf(' "');
    if (quoteAt !== -1) {
      const quoted = readQuotedToken(rest, quoteAt + 1);
      if (!quoted) return null;
      first = rest.slice(0, quoteAt);
      second = quoted.value;
    } else {
      const halves = splitEqualHalves(rest);
      if (halves) [first, second] = halves;
      else {
        const at = rest.indexOf(" b/");
        if (at === -1) return null;
        first = rest.slice(0, at);
        second = rest.slice(at + 1);
      }
    }
  }
  return { oldPath: stripSidePrefix(first, "a/"), newPath: stripSidePrefix(second, "b/") };
}

/** `a/P b/P` → [`a/P`, `b/P`] when both halves name the same path. */
function splitEqualHalves(rest: string): [string, string] | null {
  if (rest.length % 2 === 0) return null;
  const half = (rest.length - 1) / 2;
  const first = rest.slice(0, half);
  const second = rest.slice(half + 1);
  if (rest[half] !== " " || first.slice(2) !== second.slice(2)) return null;
  return [first, second];
}
