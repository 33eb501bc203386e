import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildCommentableIndex, type Side } from "../../src/review/commentable-lines.ts";
import type { DiffFile, DiffLine, Hunk } from "../../src/review/diff-types.ts";
import { parseGitDiff } from "../../src/review/parse-git-diff.ts";
import { parseGithubPatch } from "../../src/review/parse-github-patch.ts";

const patch = (filename: string, text: string) =>
  parseGithubPatch({ filename, status: "modified", patch: text });

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

  describe("with a new file", () => {
    it("offers every line on the RIGHT and none on the LEFT", () => {
      const added = buildCommentableIndex([patch("new.ts", "@@ -0,0 +1,3 @@\n+a\n+b\n+c")]);

      expect(added.lines("new.ts", "RIGHT")).toEqual([1, 2, 3]);
      expect(added.lines("new.ts", "LEFT")).toEqual([]);
      expect(added.canComment("new.ts", "RIGHT", 3, 1)).toBe(true);
      expect(added.nearestCommentableLine("new.ts", "LEFT", 1)).toBeNull();
    });
  });

  describe("with a missing final newline", () => {
    it("does not count the marker as a line", () => {
      const file = patch("n.txt", "@@ -1 +1,2 @@\n-a\n\\ No newline at end of file\n+a\n+b");

      const idx = buildCommentableIndex([file]);

      expect(idx.lines("n.txt", "LEFT")).toEqual([1]);
      expect(idx.lines("n.txt", "RIGHT")).toEqual([1, 2]);
    });
  });

  describe("with a patch shorter than its hunk header says", () => {
    it("offers only the lines the patch shows", () => {
      const cut = buildCommentableIndex([patch("cut.ts", "@@ -1,5 +1,5 @@\n a\n b")]);

      expect(cut.lines("cut.ts", "RIGHT")).toEqual([1, 2]);
      expect(cut.canComment("cut.ts", "RIGHT", 3)).toBe(false);
      expect(cut.nearestCommentableLine("cut.ts", "RIGHT", 5)).toBe(2);
    });
  });

  describe("with a path listed twice", () => {
    it("numbers the second entry's hunks on from the first's", () => {
      const first = patch("d.ts", "@@ -1 +1 @@\n a");
      const second = patch("d.ts", "@@ -10 +10 @@\n j");

      const idx = buildCommentableIndex([first, second]);

      expect(idx.lines("d.ts", "RIGHT")).toEqual([1, 10]);
      expect(idx.hunkOf("d.ts", "RIGHT", 10)).toBe(1);
    });

    it("gives a line both entries show to the later hunk", () => {
      const first = patch("d.ts", "@@ -1,3 +1,3 @@\n a\n b\n c");
      const second = patch("d.ts", "@@ -3,2 +3,2 @@\n c\n d");

      const idx = buildCommentableIndex([first, second]);

      expect(idx.lines("d.ts", "RIGHT")).toEqual([1, 2, 3, 4]);
      expect(idx.hunkOf("d.ts", "RIGHT", 3)).toBe(1);
      expect(idx.canComment("d.ts", "RIGHT", 3, 1)).toBe(false);
      expect(idx.canComment("d.ts", "RIGHT", 4, 3)).toBe(true);
    });
  });

  describe("compared with reading every line of every hunk", () => {
    it("gives the same answers for parsed and hand-built files", () => {
      fc.assert(
        fc.property(filesArb, queriesArb, (files, queries) => {
          const index = buildCommentableIndex(files);
          const oracle = readLineByLine(files);

          for (const path of [...PATHS, "absent.ts"]) {
            for (const side of SIDES) {
              const expected = oracle.get(`${side} ${path}`) ?? new Map<number, number>();
              const sorted = [...expected.keys()].sort((a, b) => a - b);
              expect(index.lines(path, side)).toEqual(sorted);
              for (const q of [...queries, ...sorted]) {
                expect(index.hunkOf(path, side, q)).toBe(expected.get(q) ?? null);
                expect(index.nearestCommentableLine(path, side, q)).toBe(nearest(sorted, q));
              }
              for (const [start, end] of pairs(queries)) {
                const hunk = expected.get(end);
                const ok =
                  hunk !== undefined &&
                  (start === end || (start < end && expected.get(start) === hunk));
                expect(index.canComment(path, side, end, start)).toBe(ok);
              }
            }
          }
        }),
        { numRuns: 300 },
      );
    });
  });
});

const PATHS = ["a.ts", "b.ts"];
const SIDES: readonly Side[] = ["LEFT", "RIGHT"];

/** A hunk as a parser numbers it: `-`, `+` and context lines counted on from the starts. */
const parsedHunkArb = fc
  .record({
    oldStart: fc.integer({ min: 0, max: 30 }),
    newStart: fc.integer({ min: 0, max: 30 }),
    marks: fc.array(fc.constantFrom("+", "-", " "), { maxLength: 8 }),
  })
  .map(({ oldStart, newStart, marks }): DiffLine[] => {
    let oldNo = oldStart;
    let newNo = newStart;
    return marks.map((mark) => ({
      kind: mark === "+" ? "add" : mark === "-" ? "del" : "context",
      content: "x",
      oldLine: mark === "+" ? null : oldNo++,
      newLine: mark === "-" ? null : newNo++,
      noNewlineAtEnd: mark === "-" ? true : undefined,
    }));
  });

/** A hunk with any numbers at all: gaps, repeats, descending runs. */
const scrambledHunkArb = fc.array(
  fc.record({
    kind: fc.constant("context" as const),
    content: fc.constant("x"),
    oldLine: fc.option(fc.integer({ min: -1, max: 40 })),
    newLine: fc.option(fc.integer({ min: -1, max: 40 })),
  }),
  { maxLength: 6 },
);

const filesArb = fc
  .array(
    fc.record({
      path: fc.constantFrom(...PATHS),
      lines: fc.array(fc.oneof({ weight: 4, arbitrary: parsedHunkArb }, scrambledHunkArb), {
        maxLength: 4,
      }),
    }),
    { maxLength: 4 },
  )
  .map((specs): DiffFile[] =>
    specs.map(({ path, lines }) => ({
      path,
      oldPath: null,
      status: "modified",
      binary: false,
      patchMissing: false,
      oldMode: null,
      newMode: null,
      hunks: lines.map(
        (hunkLines): Hunk => ({
          oldStart: 1,
          oldLines: 0,
          newStart: 1,
          newLines: 0,
          header: "",
          lines: hunkLines,
        }),
      ),
      additions: 0,
      deletions: 0,
    })),
  );

const queriesArb = fc.array(
  fc.oneof(
    fc.integer({ min: -2, max: 45 }),
    fc.constantFrom(0.5, 2.5, 3.7, Number.POSITIVE_INFINITY),
  ),
  { maxLength: 12 },
);

/** The obvious index: per side and path, every numbered line of every hunk (the later wins). */
function readLineByLine(files: readonly DiffFile[]): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  const hunkCount = new Map<string, number>();
  for (const file of files) {
    for (const hunk of file.hunks) {
      const h = hunkCount.get(file.path) ?? 0;
      hunkCount.set(file.path, h + 1);
      for (const line of hunk.lines) {
        for (const [side, n] of [
          ["LEFT", line.oldLine],
          ["RIGHT", line.newLine],
        ] as const) {
          if (n === null) continue;
          const key = `${side} ${file.path}`;
          if (!out.has(key)) out.set(key, new Map());
          out.get(key)?.set(n, h);
        }
      }
    }
  }
  return out;
}

/** The closest of `sorted` to `q`: the greatest line ≤ `q` or the least ≥ `q`, the lower on a tie. */
function nearest(sorted: readonly number[], q: number): number | null {
  const below = sorted.filter((n) => n <= q).at(-1) ?? null;
  const above = sorted.find((n) => n >= q) ?? null;
  if (below === null || below === q) return below ?? above;
  if (above === null) return below;
  return q - below <= above - q ? below : above;
}

function pairs(xs: readonly number[]): [number, number][] {
  return xs.flatMap((a) => xs.map((b): [number, number] => [a, b]));
}
