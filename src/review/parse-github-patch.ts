import { readHunks } from "./diff/read-hunks.ts";
import type { DiffFile, FileStatus } from "./diff-types.ts";

/** The fields this parser reads from one entry of `pulls.listFiles` or a compare's `files[]`. */
export interface GithubFileEntry {
  filename: string;
  previous_filename?: string;
  /** added | removed | modified | renamed | copied | changed | unchanged */
  status: string;
  /** The hunks of the file's unified diff, without any file header; absent for binary and very large files. */
  patch?: string | null;
  additions?: number;
  deletions?: number;
  changes?: number;
}

const STATUS: Record<string, FileStatus> = {
  added: "added",
  removed: "deleted",
  modified: "modified",
  renamed: "renamed",
  copied: "copied",
  // `changed` is a mode or type change, `unchanged` a file listed without content change.
  changed: "modified",
  unchanged: "modified",
};

/**
 * Turns one GitHub file entry into a `DiffFile`. GitHub sends no binary flag and no modes; when
 * the patch is missing the file is taken for binary only if GitHub counted no changed lines and
 * the file was added, removed or modified (a binary file's lines are not counted, a large text
 * file's are; a pure rename has no patch either). See docs/diff-model.md for this heuristic.
 */
export function parseGithubPatch(file: GithubFileEntry): DiffFile {
  const status = STATUS[file.status] ?? "modified";
  const counted = (file.additions ?? 0) + (file.deletions ?? 0) + (file.changes ?? 0);
  const hasCounts =
    file.additions !== undefined || file.deletions !== undefined || file.changes !== undefined;
  const patchMissing = file.patch == null || (file.patch === "" && counted > 0);
  const moved = status === "renamed" || status === "copied";
  const oldPath =
    moved && file.previous_filename && file.previous_filename !== file.filename
      ? file.previous_filename
      : null;
  const base = {
    path: file.filename,
    oldPath,
    status,
    oldMode: null,
    newMode: null,
  };
  if (patchMissing || !file.patch) {
    const likelyBinary =
      patchMissing &&
      hasCounts &&
      counted === 0 &&
      (status === "added" || status === "deleted" || status === "modified") &&
      file.status !== "changed" &&
      file.status !== "unchanged";
    return {
      ...base,
      binary: likelyBinary,
      patchMissing,
      hunks: [],
      additions: file.additions ?? 0,
      deletions: file.deletions ?? 0,
    };
  }
  const run = readHunks(file.patch.split("\n"), 0);
  return {
    ...base,
    binary: false,
    patchMissing: false,
    hunks: run.hunks,
    additions: run.additions,
    deletions: run.deletions,
  };
}
