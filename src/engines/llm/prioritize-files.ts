import type { DiffFile } from "../../review/diff-types.ts";
import { compileDirPattern, getExtension, isTestPath } from "../builtin/path-kinds.ts";

/** What a file is, for the order of review under a budget. */
export type FileKind = "source" | "test" | "docs";

const DOC_EXTENSIONS: ReadonlySet<string> = new Set([".md", ".mdx", ".rst", ".txt"]);
const DOC_DIR = compileDirPattern(["docs"]);
const RANK: Readonly<Record<FileKind, number>> = { source: 0, test: 1, docs: 2 };

/**
 * `test` for test paths (`isTestPath`: test/tests/__tests__/spec dirs, `*.test.*`, `*.spec.*`,
 * `*_test.go`, `test_*.py`, …), `docs` for `.md`/`.mdx`/`.rst`/`.txt` files and anything under a
 * `docs/` directory, else `source`. A test directory wins over a doc extension.
 */
export function fileKind(path: string): FileKind {
  if (isTestPath(path)) return "test";
  if (DOC_EXTENSIONS.has(getExtension(path)) || DOC_DIR.test(path)) return "docs";
  return "source";
}

/**
 * The order in which files get the budget: source, then tests, then docs; within a kind the
 * larger change (additions + deletions) first, then by path (code unit order, so the same on
 * every machine).
 */
export function prioritizeFiles(files: readonly DiffFile[]): DiffFile[] {
  const keyed = files.map((file) => ({
    file,
    rank: RANK[fileKind(file.path)],
    size: file.additions + file.deletions,
  }));
  keyed.sort(
    (a, b) =>
      a.rank - b.rank ||
      b.size - a.size ||
      (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0),
  );
  return keyed.map((entry) => entry.file);
}
