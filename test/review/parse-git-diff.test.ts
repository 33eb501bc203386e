import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { DiffFile } from "../../src/review/diff-types.ts";
import { parseGitDiff } from "../../src/review/parse-git-diff.ts";

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/diffs/${name}.diff`, import.meta.url), "utf8");

const parseFixture = (name: string): DiffFile[] => parseGitDiff(fixture(name));

const only = (name: string): DiffFile => {
  const files = parseFixture(name);
  expect(files).toHaveLength(1);
  return files[0];
};

/** `[kind, oldLine, newLine, content]` per line of every hunk, for compact expectations. */
const rows = (file: DiffFile) =>
  file.hunks.flatMap((h) => h.lines.map((l) => [l.kind, l.oldLine, l.newLine, l.content]));

describe("review/parse-git-diff", () => {
  describe("with an empty diff", () => {
    it("returns no files", () => {
      expect(parseGitDiff("")).toEqual([]);
      expect(parseFixture("empty")).toEqual([]);
    });
  });

  describe("with a modified file", () => {
    it("numbers context and deleted lines in old numbering, context and added in new", () => {
      const file = only("modified");

      expect(file).toMatchObject({ path: "a.txt", oldPath: null, status: "modified" });
      expect(file.oldMode).toBe("100644");
      expect(file.newMode).toBe("100644");
      const lines = file.hunks.flatMap((h) => h.lines);
      expect(lines.find((l) => l.content === "line three")).toMatchObject({
        kind: "add",
        newLine: 3,
      });
      expect(lines.find((l) => l.content === "line 3")).toMatchObject({ kind: "del", oldLine: 3 });
      expect(lines.find((l) => l.content === "line 20")).toMatchObject({
        kind: "del",
        oldLine: 20,
      });
      // One line was deleted before line 38, so old 38 is new 37 and the added line is new 38.
      expect(lines.find((l) => l.content === "line 38b")).toMatchObject({
        kind: "add",
        newLine: 38,
      });
      expect(lines.find((l) => l.content === "line 40")).toMatchObject({
        oldLine: 40,
        newLine: 40,
      });
      expect(file.additions).toBe(2);
      expect(file.deletions).toBe(2);
    });

    it("keeps the hunks in order with their declared ranges", () => {
      const file = only("modified");

      expect(file.hunks.length).toBeGreaterThanOrEqual(2);
      for (const hunk of file.hunks) {
        expect(hunk.lines.filter((l) => l.oldLine !== null)).toHaveLength(hunk.oldLines);
        expect(hunk.lines.filter((l) => l.newLine !== null)).toHaveLength(hunk.newLines);
      }
    });
  });

  describe("with a hunk header that omits its counts", () => {
    it("reads `@@ -1 +1 @@` as one line on each side", () => {
      const file = only("omitted-counts");

      expect(file.hunks[0]).toMatchObject({ oldStart: 1, oldLines: 1, newStart: 1, newLines: 1 });
      expect(rows(file)).toEqual([
        ["del", 1, null, "one"],
        ["add", null, 1, "uno"],
      ]);
    });
  });

  describe("with added and deleted files", () => {
    it("marks an added file with its new mode and only added lines", () => {
      const file = only("added");

      expect(file).toMatchObject({
        path: "new.txt",
        status: "added",
        oldMode: null,
        newMode: "100644",
      });
      expect(rows(file)).toEqual([
        ["add", null, 1, "line 1"],
        ["add", null, 2, "line 2"],
        ["add", null, 3, "line 3"],
      ]);
    });

    it("keys a deleted file by its old path with only deleted lines", () => {
      const file = only("deleted");

      expect(file).toMatchObject({
        path: "gone.txt",
        status: "deleted",
        newMode: null,
        oldMode: "100644",
      });
      expect(file.deletions).toBe(3);
      expect(file.hunks[0].lines.every((l) => l.kind === "del" && l.newLine === null)).toBe(true);
    });

    it("reads an empty added file from the `diff --git` line alone", () => {
      const file = only("empty-added");

      expect(file).toMatchObject({ path: "empty.txt", status: "added", hunks: [], binary: false });
    });
  });

  describe("with renames and copies", () => {
    it("reports a pure rename with both paths and no hunks", () => {
      const file = only("rename-pure");

      expect(file).toMatchObject({
        path: "new.txt",
        oldPath: "old.txt",
        status: "renamed",
        hunks: [],
      });
    });

    it("reports a rename with edits and paths containing spaces", () => {
      const file = only("rename-edit");

      expect(file).toMatchObject({
        path: "new name.txt",
        oldPath: "old name.txt",
        status: "renamed",
      });
      expect(rows(file)).toContainEqual(["add", null, 5, "line five"]);
    });

    it("shows a rename as a deletion and an addition under --no-renames", () => {
      const files = parseFixture("no-renames");

      expect(files.map((f) => [f.status, f.path])).toEqual([
        ["added", "new.txt"],
        ["deleted", "old.txt"],
      ]);
    });

    it("reports a copy with its source path", () => {
      const files = parseFixture("copy");

      expect(files.find((f) => f.status === "copied")).toMatchObject({
        path: "copy.txt",
        oldPath: "src.txt",
        hunks: [],
      });
      expect(files.find((f) => f.path === "src.txt")?.status).toBe("modified");
    });
  });

  describe("with binary files", () => {
    it("flags `Binary files … differ` entries", () => {
      expect(only("binary")).toMatchObject({
        path: "img.bin",
        binary: true,
        hunks: [],
        patchMissing: false,
      });
    });

    it("flags `GIT binary patch` entries and skips their data", () => {
      const files = parseFixture("binary-patch");

      expect(files.map((f) => [f.path, f.status, f.binary, f.hunks.length])).toEqual([
        ["added.bin", "added", true, 0],
        ["img.bin", "modified", true, 0],
      ]);
    });
  });

  describe("with mode changes", () => {
    it("reads old and new mode of a mode-only change", () => {
      expect(only("mode-only")).toMatchObject({
        path: "run.sh",
        status: "modified",
        oldMode: "100644",
        newMode: "100755",
        hunks: [],
      });
    });

    it("reads modes and hunks when the content changed too", () => {
      const file = only("mode-and-content");

      expect(file).toMatchObject({ oldMode: "100644", newMode: "100755", additions: 1 });
    });
  });

  describe("with `\\ No newline at end of file`", () => {
    it("marks the old last line and keeps the numbering when the old side lacks it", () => {
      const file = only("no-newline-old");

      expect(rows(file)).toEqual([
        ["context", 1, 1, "a"],
        ["del", 2, null, "b"],
        ["add", null, 2, "b"],
        ["add", null, 3, "c"],
      ]);
      expect(file.hunks[0].lines[1].noNewlineAtEnd).toBe(true);
      expect(file.additions).toBe(2);
    });

    it("marks the new last line when the new side lacks it", () => {
      const file = only("no-newline-new");
      const last = file.hunks[0].lines.at(-1);

      expect(last).toMatchObject({ kind: "add", newLine: 2, content: "B", noNewlineAtEnd: true });
    });

    it("marks both sides when neither ends with a newline", () => {
      const marked = only("no-newline-both").hunks[0].lines.filter((l) => l.noNewlineAtEnd);

      expect(marked.map((l) => [l.kind, l.content])).toEqual([
        ["del", "b"],
        ["add", "c"],
      ]);
    });
  });

  describe("with CRLF content", () => {
    it("drops the `\\r` from content and keeps the line numbers", () => {
      const file = only("crlf");

      expect(rows(file)).toEqual([
        ["context", 1, 1, "one"],
        ["del", 2, null, "two"],
        ["add", null, 2, "2"],
        ["context", 3, 3, "three"],
        ["add", null, 4, "four"],
      ]);
    });
  });

  describe("with unusual paths", () => {
    it("reads paths with spaces without the tab git appends", () => {
      expect(only("spaces").path).toBe("my file.txt");
    });

    it("decodes quoted paths with escapes and UTF-8 octal bytes", () => {
      const files = parseFixture("quoted-paths");

      expect(files.map((f) => [f.status, f.path, f.oldPath])).toEqual([
        ["modified", 'say "hi".txt', null],
        ["modified", "tab\there.txt", null],
        ["renamed", "ö ü.txt", "ä.txt"],
      ]);
    });
  });

  describe("with content lines that look like headers", () => {
    it("trusts the hunk counts over the line prefixes", () => {
      const files = parseFixture("tricky-lines");

      expect(files).toHaveLength(1);
      expect(rows(files[0])).toEqual([
        ["del", 1, null, "-- a/x"],
        ["context", 2, 1, "keep"],
        ["add", null, 2, "++ b/x"],
        ["add", null, 3, "@@ -1 +1 @@"],
        ["add", null, 4, "diff --git a/y b/y"],
      ]);
    });
  });

  describe("with a very large hunk", () => {
    it("numbers every line of a 200,000-line hunk", () => {
      const n = 200_000;
      const body = Array.from({ length: n }, (_, k) => `+row ${k + 1}`).join("\n");
      const text = `diff --git a/big.txt b/big.txt\nnew file mode 100644\n--- /dev/null\n+++ b/big.txt\n@@ -0,0 +1,${n} @@\n${body}\n`;

      const [file] = parseGitDiff(text);

      expect(file.additions).toBe(n);
      expect(file.hunks[0].lines[n - 1]).toMatchObject({ newLine: n, content: `row ${n}` });
    });
  });

  describe("with text around the entries", () => {
    it("ignores a commit message before and a format-patch trailer after", () => {
      const text = `From abc Mon Sep 17 00:00:00 2001\nSubject: x\n\n---\n${fixture("omitted-counts")}-- \n2.39.5\n`;

      const files = parseGitDiff(text);

      expect(files).toHaveLength(1);
      expect(files[0].hunks[0].lines).toHaveLength(2);
    });
  });
});
