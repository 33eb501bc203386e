import type { ReviewFile } from "./types.ts";

const cache = new WeakMap<ReviewFile, string>();

/**
 * The added lines of a file joined with `\n`, with a final `\n` (what the secret rule lints and
 * what line filters search). Built once per file and shared by every rule.
 */
export function getAddedText(file: ReviewFile): string {
  let text = cache.get(file);
  if (text === undefined) {
    // One join (the empty last part gives the final newline) makes one flat string; appending
    // line by line would make a rope that every regular expression first has to flatten.
    const parts = file.addedLines.map((line) => line.content);
    parts.push("");
    text = parts.join("\n");
    cache.set(file, text);
  }
  return text;
}
