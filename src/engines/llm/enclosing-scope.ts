/** At most this many scope lines: enough for class › method › block. */
const MAX_SCOPE_LINES = 3;

/** A line of only closing brackets (`}`, `});`, `]`) ends a scope; it never opens one. */
const CLOSING_ONLY = /^[\]})]+[;,]?$/;

/** Columns of leading whitespace; a tab counts 4. */
function indentation(line: string): number {
  let columns = 0;
  for (const char of line) {
    if (char === " ") columns++;
    else if (char === "\t") columns += 4;
    else break;
  }
  return columns;
}

/**
 * The lines of the head file that enclose a chunk, for when the hunk alone is not enough:
 * walking up from the line before `firstNewLine` (1-based) in `content`, each nearest non-blank
 * line indented less than the previous one, starting from the indentation of the first non-blank
 * shown line; nothing when that line is not indented. Lines the model already sees (the hunk
 * header, a shown line) are left out; of the rest, the innermost {@link MAX_SCOPE_LINES}, listed
 * outermost first.
 */
export function enclosingScope(
  content: string,
  firstNewLine: number,
  shownText: readonly string[],
  hunkHeader: string,
): { line: number; text: string }[] {
  const firstShown = shownText.find((text) => text.trim() !== "");
  if (firstShown === undefined) return [];
  let indent = indentation(firstShown);
  if (indent === 0) return [];
  const lines = content.split("\n");
  const chain: { line: number; text: string }[] = [];
  for (let index = Math.min(firstNewLine - 1, lines.length) - 1; index >= 0; index--) {
    const text = lines[index].replace(/\r$/, "");
    const trimmed = text.trim();
    if (trimmed === "" || CLOSING_ONLY.test(trimmed)) continue;
    const lineIndent = indentation(text);
    if (lineIndent >= indent) continue;
    chain.push({ line: index + 1, text: text.trimEnd() });
    indent = lineIndent;
    if (indent === 0) break;
  }
  const seen = new Set([hunkHeader.trim(), ...shownText.map((text) => text.trim())]);
  return chain
    .filter((entry) => !seen.has(entry.text.trim()))
    .slice(0, MAX_SCOPE_LINES)
    .reverse();
}
