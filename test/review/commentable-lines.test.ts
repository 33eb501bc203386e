import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildCommentableIndex } from "../../src/review/commentable-lines.ts";
import { parseGitDiff } from "../../src/review/parse-git-diff.ts";
import { parseGithubPatch } from "../../src/review/parse-github-patch.ts";

const fixture = (name: string) =>
  parseGitDiff(readFileSync(new URL(`../fixtures/diffs/${name}.diff`, import.meta.url), "utf8"));

// Two hunks: new lines 1–5 (old 1–5, line 3 replaced) and new 20–23 (old 20–22, line 21 added).
const twoHunks = parseGithubPatch({
  filename: "src/a.ts",
  status: "modified",
  patch: [
    "@@ -1,5 +1,5 @@",
    " l1",
    " l2",
    "-l3",
    "+L3",
    " l4",
    " l5",
    "@@ -20,3 +20,4 @@ function f()",
    " l20",
    "+new",
    " l21",
    " l22",
  ].join("\n"),
});

describe("review/commentable-lines", () => {
  const index = buildCommentableIndex([twoHunks]);

  describe("on the RIGHT side", () => {
    it("lists added and context lines in new numbering", () => {
      expect(index.lines("src/a.ts", "RIGHT")).toEqual([1, 2, 3, 4, 5, 20, 21, 22, 23]);
    });

    it("accepts a line in a hunk and rejects one between hunks", () => {
      expect(index.canComment("src/a.ts", "RIGHT", 21)).toBe(true);
      expect(index.canComment("src/a.ts", "RIGHT", 10)).toBe(false);
    });
  });

  describe("on the LEFT side", () => {
    it("lists deleted and context lines in old numbering", () => {
      expect(index.lines("src/a.ts", "LEFT")).toEqual([1, 2, 3, 4, 5, 20, 21, 22]);
    });

    it("rejects an old line number that only exists on the new side", () => {
      expect(index.canComment("src/a.ts", "LEFT", 23)).toBe(false);
    });
  });

  describe("with a range", () => {
    it("accepts a range inside one hunk", () => {
      expect(index.canComment("src/a.ts", "RIGHT", 5, 2)).toBe(true);
    });

    it("rejects a range that crosses hunks even when both ends are commentable", () => {
      expect(index.canComment("src/a.ts", "RIGHT", 21, 4)).toBe(false);
    });

    it("rejects a range whose start is after its end", () => {
      expect(index.canComment("src/a.ts", "RIGHT", 2, 5)).toBe(false);
    });

    it("treats a start equal to the line as a single line", () => {
      expect(index.canComment("src/a.ts", "RIGHT", 3, 3)).toBe(true);
      expect(index.canComment("src/a.ts", "RIGHT", 3, null)).toBe(true);
    });
  });

  describe("hunkOf", () => {
    it("names the hunk that shows a line, or null", () => {
      expect(index.hunkOf("src/a.ts", "RIGHT", 2)).toBe(0);
      expect(index.hunkOf("src/a.ts", "LEFT", 22)).toBe(1);
      expect(index.hunkOf("src/a.ts", "RIGHT", 6)).toBeNull();
      expect(index.hunkOf("other.ts", "RIGHT", 2)).toBeNull();
    });
  });

  describe("nearestCommentableLine", () => {
    it("returns the line itself when it is commentable", () => {
      expect(index.nearestCommentableLine("src/a.ts", "RIGHT", 21)).toBe(21);
    });

    it("returns the closest line of the same file, the lower one on a tie", () => {
      expect(index.nearestCommentableLine("src/a.ts", "RIGHT", 7)).toBe(5);
      expect(index.nearestCommentableLine("src/a.ts", "RIGHT", 18)).toBe(20);
      expect(index.nearestCommentableLine("src/a.ts", "RIGHT", 100)).toBe(23);
      expect(index.nearestCommentableLine("src/a.ts", "RIGHT", 0)).toBe(1);
    });

    it("prefers the lower line when two are equally close", () => {
      const gaps = parseGithubPatch({
        filename: "g",
        status: "modified",
        patch: "@@ -1 +1 @@\n a\n@@ -5 +5 @@\n e",
      });

      expect(buildCommentableIndex([gaps]).nearestCommentableLine("g", "RIGHT", 3)).toBe(1);
    });

    it("returns null for a file outside the diff", () => {
      expect(index.nearestCommentableLine("README.md", "RIGHT", 1)).toBeNull();
    });
  });

  describe("with renamed and deleted files", () => {
    it("keys a renamed file by its new path only", () => {
      const renamed = buildCommentableIndex(fixture("rename-edit"));

      expect(renamed.canComment("new name.txt", "RIGHT", 5)).toBe(true);
      expect(renamed.canComment("old name.txt", "RIGHT", 5)).toBe(false);
    });

    it("offers only LEFT lines of a deleted file", () => {
      const deleted = buildCommentableIndex(fixture("deleted"));

      expect(deleted.lines("gone.txt", "LEFT")).toEqual([1, 2, 3]);
      expect(deleted.lines("gone.txt", "RIGHT")).toEqual([]);
      expect(deleted.nearestCommentableLine("gone.txt", "RIGHT", 1)).toBeNull();
    });

    it("offers no line of a binary file or a pure rename", () => {
      const files = [...fixture("binary"), ...fixture("rename-pure")];
      const idx = buildCommentableIndex(files);

      expect(idx.lines("img.bin", "RIGHT")).toEqual([]);
      expect(idx.canComment("new.txt", "RIGHT", 1)).toBe(false);
    });
  });

  describe("lines", () => {
    it("returns a copy the caller may change", () => {
      index.lines("src/a.ts", "RIGHT").push(99);

      expect(index.canComment("src/a.ts", "RIGHT", 99)).toBe(false);
      expect(index.lines("src/a.ts", "RIGHT")).not.toContain(99);
    });
  });
});
