import type { ReviewFile } from "./types.ts";

const texts = new WeakMap<ReviewFile, string>();

/**
 * The added lines of a file joined with `\n`, with a final `\n` (what the secret rule lints and
 * what line filters search). Built once per file and shared by every rule.
 */
export function getAddedText(file: ReviewFile): string {
  let text = texts.get(file);
  if (text === undefined) {
    // One join (the empty last part gives the final newline) makes one flat string; appending
    // line by line would make a rope that every regular expression first has to flatten. The
    // array is allocated at its final size: growing it by push cost more than the array itself.
    const lines = file.addedLines;
    const parts: string[] = new Array(lines.length + 1);
    for (let i = 0; i < lines.length; i++) parts[i] = lines[i]!.content;
    parts[lines.length] = "";
    text = parts.join("\n");
    texts.set(file, text);
  }
  return text;
}
