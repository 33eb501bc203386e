import type { DiffFile } from "../../review/diff-types.ts";
import { findIgnoreReason } from "../builtin/find-ignore-reason.ts";
import type { LlmSkippedFile } from "./llm-types.ts";

/**
 * Why the LLM engine does not review `file` at all, or null when it does: binary files; files
 * GitHub sent no patch for (too large); deleted files; and what the builtin rules ignore too
 * (lockfiles, minified and generated files, `dist/`, `build/`, `vendor/`, `node_modules/`), with
 * the builtin reason as detail.
 */
export function llmSkipReason(file: DiffFile): LlmSkippedFile | null {
  const { path } = file;
  if (file.binary) return { path, reason: "binary" };
  if (file.patchMissing) return { path, reason: "too large", detail: "GitHub sent no patch" };
  if (file.status === "deleted") return { path, reason: "filtered", detail: "deleted" };
  const ignored = findIgnoreReason({ diff: file, path, addedLines: [], knownSizeBytes: null });
  if (ignored !== null) return { path, reason: "filtered", detail: ignored };
  return null;
}
