import type { AddedLine, FileRule, RuleHit } from "../types.ts";

const OPEN = /^<{7}(?:\s|$)/;
const BASE = /^\|{7}(?:\s|$)/; // diff3 / zdiff3 conflict style
const SEPARATOR = /^={7}\s*$/;
const CLOSE = /^>{7}(?:\s|$)/;
/** Each marker above starts with one of these runs; lines without one cannot matter. */
const ANY_MARKER = /<<<<<<<|\|\|\|\|\|\|\||=======|>>>>>>>/;

/**
 * Unresolved merge conflict markers. One finding per conflict block, anchored to its first
 * marker line. A lone `=======` (or `|||||||`) only counts when an added `<<<<<<<` is open above
 * it or an added `>>>>>>>` closes it below: on its own it is usually a Markdown setext heading
 * or a reStructuredText title underline.
 */
export const conflictMarkerRule: FileRule = {
  id: "conflict-marker",
  scope: "file",
  defaultSeverity: "critical",
  category: "bugs",
  description: "Unresolved merge conflict markers (<<<<<<<, =======, >>>>>>>) in added lines.",
  lineFilter: () => ANY_MARKER,
  checkFile(file) {
    const hits: RuleHit[] = [];
    let block: AddedLine[] = [];
    let open = false;
    const report = (lines: AddedLine[]): void => {
      hits.push(describeBlock(file.path, lines));
    };
    for (const line of file.addedLines) {
      const text = line.content;
      if (OPEN.test(text)) {
        if (open) report(block);
        block = [line];
        open = true;
      } else if (SEPARATOR.test(text) || BASE.test(text)) {
        // Held until a closing marker confirms it, unless a block is already open.
        block.push(line);
      } else if (CLOSE.test(text)) {
        block.push(line);
        report(block);
        block = [];
        open = false;
      }
    }
    if (open) report(block);
    return hits;
  },
};

function describeBlock(path: string, lines: AddedLine[]): RuleHit {
  const first = lines[0]!;
  const where = lines.map((line) => line.newLine).join(", ");
  return {
    path,
    line: first.newLine,
    title: "Unresolved merge conflict markers",
    body:
      `This change adds merge conflict markers (line${lines.length > 1 ? "s" : ""} ${where}). ` +
      "The file will not compile or will behave unexpectedly as committed. Resolve the conflict: " +
      "keep the intended side, then delete every `<<<<<<<`, `|||||||`, `=======` and `>>>>>>>` line.",
  };
}
