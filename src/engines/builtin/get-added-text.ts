import type { ReviewFile } from "./types.ts";

const cache = new WeakMap<ReviewFile, string>();

/**
 * The added lines of a file joined with `\n`, with a final `\n` (what the secret rule lints and
 * what line filters search). Built once per file and shared by every rule.
 */
export function getAddedText(file: ReviewFile): string {
  let text = cache.get(file);
  if (text === undefined) {
    text = "";
    for (const line of file.addedLines) text += `${line.content}\n`;
    cache.set(file, text);
  }
  return text;
}
