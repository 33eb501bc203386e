import { parseGitHeaderPaths } from "./diff/parse-git-header.ts";
import { findLineEnd, readHunksInText, type TextHunkRun } from "./diff/read-hunks-in-text.ts";
import { stripSidePrefix, unquoteGitPath } from "./diff/unquote-git-path.ts";
import type { DiffFile, FileStatus } from "./diff-types.ts";

const DEV_NULL = "/dev/null";

/** Header facts collected for one `diff --git` entry before its hunks. */
interface EntryHeader {
  headerOld: string | null;
  headerNew: string | null;
  minusPath: string | null | undefined;
  plusPath: string | null | undefined;
  renameFrom: string | null;
  renameTo: string | null;
  copyFrom: string | null;
  copyTo: string | null;
  oldMode: string | null;
  newMode: string | null;
  indexMode: string | null;
  newFile: boolean;
  deletedFile: boolean;
  binary: boolean;
}

/**
 * Parses the output of `git diff` (with or without `--find-renames`, `--binary`) into one
 * `DiffFile` per `diff --git` entry, in order. One linear pass over the lines; text outside
 * entries (a commit message, `git format-patch` trailers) is skipped. Combined diffs of merges
 * (`diff --cc`) are skipped as well: a review compares two trees. Content lines keep no `\r`
 * (see docs/diff-model.md); line numbers are counted on `\n` exactly as git does.
 */
export function parseGitDiff(text: string): DiffFile[] {
  // Lines are read in place (offsets into `text`) rather than from `text.split("\n")`: on a
  // large diff the array of line strings was most of what the garbage collector had to copy.
  const files: DiffFile[] = [];
  let pos = 0;
  while (pos <= text.length) {
    if (text.startsWith("diff --git ", pos)) {
      const entry = readEntry(text, pos);
      files.push(entry.file);
      pos = entry.next;
    } else {
      pos = findLineEnd(text, pos) + 1;
    }
  }
  return files;
}

/** Whether the line at offset `pos` starts another entry. */
function isEntryStart(text: string, pos: number): boolean {
  return (
    text.startsWith("diff --git ", pos) ||
    text.startsWith("diff --cc ", pos) ||
    text.startsWith("diff --combined ", pos)
  );
}

function readEntry(text: string, start: number): { file: DiffFile; next: number } {
  const startEnd = findLineEnd(text, start);
  const paths = parseGitHeaderPaths(stripCr(text.slice(start + "diff --git ".length, startEnd)));
  const h: EntryHeader = {
    headerOld: paths?.oldPath ?? null,
    headerNew: paths?.newPath ?? null,
    minusPath: undefined,
    plusPath: undefined,
    renameFrom: null,
    renameTo: null,
    copyFrom: null,
    copyTo: null,
    oldMode: null,
    newMode: null,
    indexMode: null,
    newFile: false,
    deletedFile: false,
    binary: false,
  };
  let hunkRun: TextHunkRun | null = null;
  let pos = startEnd + 1;
  while (pos <= text.length && !isEntryStart(text, pos)) {
    if (hunkRun === null && text.startsWith("@@ -", pos)) {
      hunkRun = readHunksInText(text, pos);
      if (hunkRun.next > pos) pos = hunkRun.next;
      else pos = findLineEnd(text, pos) + 1;
      continue;
    }
    const end = findLineEnd(text, pos);
    // Once hunks were read, the rest up to the next entry is trailing noise; headers only before.
    if (hunkRun === null) readHeaderLine(stripCr(text.slice(pos, end)), h);
    pos = end + 1;
  }
  return { file: buildFile(h, hunkRun), next: pos };
}

function readHeaderLine(line: string, h: EntryHeader): void {
  if (line.startsWith("--- ")) h.minusPath = sidePath(line.slice(4), "a/");
  else if (line.startsWith("+++ ")) h.plusPath = sidePath(line.slice(4), "b/");
  else if (line.startsWith("rename from ")) h.renameFrom = unquoteGitPath(line.slice(12));
  else if (line.startsWith("rename to ")) h.renameTo = unquoteGitPath(line.slice(10));
  else if (line.startsWith("copy from ")) h.copyFrom = unquoteGitPath(line.slice(10));
  else if (line.startsWith("copy to ")) h.copyTo = unquoteGitPath(line.slice(8));
  else if (line.startsWith("old mode ")) h.oldMode = line.slice(9);
  else if (line.startsWith("new mode ")) h.newMode = line.slice(9);
  else if (line.startsWith("new file mode ")) {
    h.newFile = true;
    h.newMode = line.slice(14);
  } else if (line.startsWith("deleted file mode ")) {
    h.deletedFile = true;
    h.oldMode = line.slice(18);
  } else if (line.startsWith("index ")) {
    // `index abc..def 100644`: the mode is only printed when it did not change.
    const space = line.indexOf(" ", 6);
    if (space !== -1) h.indexMode = line.slice(space + 1);
  } else if (line.startsWith("Binary files ") || line === "GIT binary patch") {
    h.binary = true;
  }
}

/** A `---`/`+++` path: null for /dev/null, else unquoted without its side prefix. */
function sidePath(token: string, prefix: "a/" | "b/"): string | null {
  const path = unquoteGitPath(token);
  return path === DEV_NULL ? null : stripSidePrefix(path, prefix);
}

function buildFile(h: EntryHeader, run: TextHunkRun | null): DiffFile {
  const status = statusOf(h);
  const oldPath = h.renameFrom ?? h.copyFrom ?? h.minusPath ?? h.headerOld;
  const newPath = h.renameTo ?? h.copyTo ?? h.plusPath ?? h.headerNew;
  const path = status === "deleted" ? (oldPath ?? newPath ?? "") : (newPath ?? oldPath ?? "");
  const moved = status === "renamed" || status === "copied";
  return {
    path,
    oldPath: moved && oldPath !== null && oldPath !== path ? oldPath : null,
    status,
    binary: h.binary,
    patchMissing: false,
    oldMode: status === "added" ? null : (h.oldMode ?? h.indexMode),
    newMode: status === "deleted" ? null : (h.newMode ?? h.indexMode),
    hunks: run?.hunks ?? [],
    additions: run?.additions ?? 0,
    deletions: run?.deletions ?? 0,
  };
}

function statusOf(h: EntryHeader): FileStatus {
  if (h.newFile || h.minusPath === null) return "added";
  if (h.deletedFile || h.plusPath === null) return "deleted";
  if (h.renameFrom !== null) return "renamed";
  if (h.copyFrom !== null) return "copied";
  return "modified";
}

function stripCr(text: string): string {
  return text.endsWith("\r") ? text.slice(0, -1) : text;
}
