/**
 * The diff model shared by every review step. Produced by the parsers in `src/review/`
 * (full `git diff` output and GitHub's per-file `patch` strings), consumed by the
 * commentable-line index, the builtin engine and the renderers.
 */

/** One line of a hunk. `oldLine` is set for context and deleted lines, `newLine` for context and added lines. */
export interface DiffLine {
  kind: "add" | "del" | "context";
  /** The line's text without the leading `+`/`-`/space marker and without the line ending. */
  content: string;
  oldLine: number | null;
  newLine: number | null;
  /** True when git printed `\ No newline at end of file` right after this line. */
  noNewlineAtEnd?: boolean;
}

export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Text after the second `@@` (usually a function name); may be empty. */
  header: string;
  lines: DiffLine[];
}

export type FileStatus = "added" | "deleted" | "modified" | "renamed" | "copied";

export interface DiffFile {
  /** Path on the new side (for deleted files: the old path). POSIX separators, unquoted. */
  path: string;
  /** Path on the old side when it differs (renames and copies), else null. */
  oldPath: string | null;
  status: FileStatus;
  /** git reported "Binary files … differ" or GitHub listed the file without a patch for a binary. */
  binary: boolean;
  /** The patch text was not available (GitHub omits it for large or binary files). */
  patchMissing: boolean;
  oldMode: string | null;
  newMode: string | null;
  hunks: Hunk[];
  additions: number;
  deletions: number;
}
