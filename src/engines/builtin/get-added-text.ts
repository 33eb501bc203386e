import type { ReviewFile } from "./types.ts";

const texts = new WeakMap<ReviewFile, string>();
const pending = new WeakMap<ReviewFile, string[]>();

/**
 * The added lines of a file joined with `\n`, with a final `\n` (what the secret rule lints and
 * what line filters search). Built once per file and shared by every rule.
 */
export function getAddedText(file: ReviewFile): string {
  let text = texts.get(file);
  if (text === undefined) {
    const parts = pending.get(file) ?? file.addedLines.map((line) => line.content);
    // One join (the empty last part gives the final newline) makes one flat string; appending
    // line by line would make a rope that every regular expression first has to flatten.
    parts.push("");
    text = parts.join("\n");
    texts.set(file, text);
    pending.delete(file);
  }
  return text;
}

/**
 * Hands over the added lines' contents, collected by the engine while it builds the file, so
 * that {@link getAddedText} need not walk the lines again. The array becomes the helper's.
 */
export function provideAddedContents(file: ReviewFile, contents: string[]): void {
  pending.set(file, contents);
}
