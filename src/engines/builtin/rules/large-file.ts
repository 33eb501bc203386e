import { getAddedText } from "../get-added-text.ts";
import type { FileRule, ReviewFile } from "../types.ts";

/**
 * Added binary files, and added or modified files above `options.largeFileBytes`. The size is
 * `fileSizes[path]` when the caller knows it, else the UTF-8 size of the added lines (exact for an
 * added file, a lower bound for a modified one).
 */
export const largeFileRule: FileRule = {
  id: "large-file",
  scope: "file",
  defaultSeverity: "warning",
  category: "maintainability",
  description: "Added binary files and files larger than the size threshold (default 1 MiB).",
  checkFile(file, options) {
    const { diff } = file;
    if (diff.status === "deleted") return [];
    const addedBinary = diff.binary && diff.status === "added";
    // A UTF-16 code unit takes at most 3 UTF-8 bytes: almost every file is surely below the
    // threshold without measuring its bytes.
    const surelySmall =
      file.knownSizeBytes === null && getAddedText(file).length * 3 <= options.largeFileBytes;
    if (surelySmall && !addedBinary) return [];
    const size = file.knownSizeBytes ?? estimateSize(file) ?? 0;
    const tooLarge = size > options.largeFileBytes;
    if (!tooLarge && !addedBinary) return [];
    // Added lines of a modified file only give a lower bound of its size.
    const exact = file.knownSizeBytes !== null || diff.status === "added";
    const sizeText = `${exact ? "" : "at least "}${formatBytes(size)}`;
    const limit = formatBytes(options.largeFileBytes);
    const headline = tooLarge
      ? `${addedBinary ? "Large binary file" : "Large file"} (${sizeText} > ${limit})`
      : "Binary file added";
    const lead = tooLarge
      ? `After this change \`${file.path}\` is ${sizeText}, above the ${limit} threshold` +
        `${addedBinary ? ", and it is binary" : ""}. `
      : "This change adds a binary file. ";
    return [
      {
        path: file.path,
        line: pickAnchorLine(file),
        title: headline,
        body:
          lead +
          "Large and binary files bloat every clone of the repository for good and cannot be " +
          "reviewed line by line. Prefer Git LFS, a release asset or an artifact store, or " +
          "generate the file during the build.",
      },
    ];
  },
};

/** Size of the added lines with their newlines; null when there is no patch to measure. */
function estimateSize(file: ReviewFile): number | null {
  if (file.diff.patchMissing || file.diff.binary) return null;
  // The added text is the added lines with a newline each, so its length is the size estimate.
  return Buffer.byteLength(getAddedText(file), "utf8");
}

/** Line 1 when the diff shows it on the new side, else the first added line, else 1 (summary). */
function pickAnchorLine(file: ReviewFile): number {
  for (const hunk of file.diff.hunks) {
    for (const line of hunk.lines) {
      if (line.newLine === 1) return 1;
    }
  }
  return file.addedLines[0]?.newLine ?? 1;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}
