import type { ReviewFile } from "./types.ts";

const texts = new WeakMap<ReviewFile, string>();

/** Reused for every join: one array instead of one per file. */
const scratch: string[] = [];

/**
 * The added lines of a file joined with `\n`, with a final `\n` (what the secret rule lints and
 * what line filters search). Built once per file and shared by every rule.
 */
export function getAddedText(file: ReviewFile): string {
  let text = texts.get(file);
  if (text === undefined) {
    // One join (the empty last part gives the final newline) makes one flat string; appending
    // line by line would make a rope that every regular expression first has to flatten.
    for (const line of file.addedLines) scratch.push(line.content);
    scratch.push("");
    text = scratch.join("\n");
    scratch.length = 0;
    texts.set(file, text);
  }
  return text;
}
