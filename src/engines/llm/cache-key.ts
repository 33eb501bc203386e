import { createHash } from "node:crypto";

/** Everything that changes what the model would answer for a hunk. */
export interface CacheKeyInput {
  path: string;
  /** The hunk's `ReviewChunk.contentHash`. */
  contentHash: string;
  /** `provider:model`. */
  model: string;
  /** `PROMPT_VERSION`. */
  promptVersion: string;
  /** The path's instructions, in the configuration's order. */
  instructions: readonly string[];
}

/** Escapes the separator so no two inputs join to the same text. */
function escapeSeparator(field: string): string {
  return field.replace(/\\/g, "\\\\").replace(/\0/g, "\\0");
}

/**
 * The cache key of one hunk's answer: sha256 hex of the fields separated by NUL (instructions
 * last, in order, after their count). The PR title and body are left out on purpose: editing
 * the description does not re-review unchanged code.
 */
export function cacheKey(input: CacheKeyInput): string {
  const fields = [
    input.path,
    input.contentHash,
    input.model,
    input.promptVersion,
    String(input.instructions.length),
    ...input.instructions,
  ];
  return createHash("sha256").update(fields.map(escapeSeparator).join("\0")).digest("hex");
}
