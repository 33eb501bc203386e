import { describe, expect, it } from "vitest";
import { chunkFile } from "../../../src/engines/llm/chunk-file.ts";
import { countTokens } from "../../../src/engines/llm/count-tokens.ts";
import { renderChunk } from "../../../src/engines/llm/render-chunk.ts";
import type { Hunk } from "../../../src/review/diff-types.ts";
import { makeAddedFile, makeDiffFile } from "../builtin/make-diff.ts";

/** A hunk's header numbers agree with its lines, as in a unified diff. */
function expectValidHunk(hunk: Hunk): void {
  const olds = hunk.lines.flatMap((line) => (line.oldLine === null ? [] : [line.oldLine]));
  const news = hunk.lines.flatMap((line) => (line.newLine === null ? [] : [line.newLine]));
  expect(hunk.oldLines).toBe(olds.length);
  expect(hunk.newLines).toBe(news.length);
  if (olds.length > 0) expect(olds).toEqual(olds.map((_, i) => hunk.oldStart + i));
  if (news.length > 0) expect(news).toEqual(news.map((_, i) => hunk.newStart + i));
}

const twoHunks = makeDiffFile({
  path: "src/a.ts",
  hunks: [
    { oldStart: 3, newStart: 3, lines: [" keep", "-old", "+new", "+more"] },
    { oldStart: 20, newStart: 21, lines: [" tail", "-gone"] },
  ],
});

describe("engines/llm/chunk-file", () => {
  it("yields no chunk for a file without hunks", () => {
    expect(chunkFile(makeDiffFile({ path: "img.png", binary: true }), 1000)).toEqual([]);
  });

  it("keeps small consecutive hunks in one chunk with the lines it shows per side", () => {
    const [chunk, ...rest] = chunkFile(twoHunks, 1000);

    expect(rest).toEqual([]);
    expect(chunk).toMatchObject({
      path: "src/a.ts",
      part: 1,
      parts: 1,
      shown: { RIGHT: [3, 4, 5, 21], LEFT: [4, 21] },
      origin: { RIGHT: 3, LEFT: 4 },
    });
    expect(chunk.hunks).toEqual(twoHunks.hunks);
  });

  it("counts the bytes of the unified diff lines, multi-byte characters included", () => {
    const file = makeDiffFile({ path: "a.txt", lines: ["+é", " ab", "-c"] });

    const [chunk] = chunkFile(file, 1000);

    // "+é\n" is 4 bytes, " ab\n" 4, "-c\n" 3.
    expect(chunk.diffBytes).toBe(11);
  });

  it("reports origin 0 for a side that shows no line", () => {
    const [chunk] = chunkFile(makeAddedFile("a.ts", ["x", "y"]), 1000);

    expect(chunk.shown.LEFT).toEqual([]);
    expect(chunk.origin).toEqual({ RIGHT: 1, LEFT: 0 });
  });

  it("puts hunks that do not fit together into consecutive parts", () => {
    const oneHunkTokens = countTokens(renderChunk(chunkFile(twoHunks, 1000)[0])) - 1;

    const chunks = chunkFile(twoHunks, oneHunkTokens);

    expect(chunks.map((chunk) => [chunk.part, chunk.parts, chunk.hunks.length])).toEqual([
      [1, 2, 1],
      [2, 2, 1],
    ]);
    expect(chunks[1].shown).toEqual({ RIGHT: [21], LEFT: [21] });
  });

  describe("with a 3,000-line added file", () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `const value${i} = compute(${i}, "x");`);
    // A real parser numbers a new file's old side `-0,0`.
    const file = makeDiffFile({
      path: "src/big.ts",
      status: "added",
      hunks: [{ oldStart: 0, newStart: 1, lines: lines.map((line) => `+${line}`) }],
    });
    const maxTokens = 2000;
    const chunks = chunkFile(file, maxTokens);

    it("splits it into several valid slices within the token limit", () => {
      expect(chunks.length).toBeGreaterThan(5);
      for (const chunk of chunks) {
        expect(chunk.hunks).toHaveLength(1);
        expectValidHunk(chunk.hunks[0]);
        expect(chunk.hunks[0]).toMatchObject({ oldStart: 0, oldLines: 0 });
        expect(countTokens(renderChunk(chunk))).toBeLessThanOrEqual(maxTokens);
      }
      expect(chunks.map((chunk) => chunk.part)).toEqual(chunks.map((_, i) => i + 1));
      expect(chunks.every((chunk) => chunk.parts === chunks.length)).toBe(true);
    });

    it("shows every line exactly once across the chunks", () => {
      const shown = chunks.flatMap((chunk) => chunk.shown.RIGHT);

      expect(shown).toEqual(lines.map((_, i) => i + 1));
    });
  });

  it("slices a large mixed hunk into hunks whose numbers match their lines", () => {
    const body = Array.from({ length: 600 }, (_, i) =>
      i % 3 === 0 ? `-removed ${i}` : i % 3 === 1 ? `+added ${i}` : ` same ${i}`,
    );
    const file = makeDiffFile({
      path: "a.py",
      hunks: [{ oldStart: 50, newStart: 70, lines: body }],
    });

    const chunks = chunkFile(file, 500);

    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      for (const hunk of chunk.hunks) expectValidHunk(hunk);
      expect(countTokens(renderChunk(chunk))).toBeLessThanOrEqual(500);
    }
    expect(chunks.flatMap((chunk) => chunk.hunks.flatMap((hunk) => hunk.lines))).toEqual(
      file.hunks[0].lines,
    );
  });

  it("numbers a slice of only deletions from the line before, as unified diffs do", () => {
    const body = [...Array.from({ length: 300 }, (_, i) => `-old line ${i}`), "+new"];
    const file = makeDiffFile({
      path: "a.ts",
      hunks: [{ oldStart: 10, newStart: 10, lines: body }],
    });

    const chunks = chunkFile(file, 300);
    const first = chunks[0].hunks[0];
    const last = chunks.at(-1)!.hunks.at(-1)!;

    expect(first).toMatchObject({ oldStart: 10, newStart: 9, newLines: 0 });
    expect(last.lines.at(-1)).toMatchObject({ kind: "add", newLine: 10 });
    expect(last).toMatchObject({ newStart: 10, newLines: 1 });
  });

  describe("contentHash", () => {
    const hunkAt = (start: number, lines: string[]): Hunk => ({
      ...makeDiffFile({ path: "a.ts", hunks: [{ oldStart: start, newStart: start + 1, lines }] })
        .hunks[0],
      header: "function f()",
    });
    const hashOf = (hunks: Hunk[], path = "a.ts") =>
      chunkFile({ ...twoHunks, path, hunks }, 1000)[0].contentHash;
    const base = [" ctx", "-old", "+new"];

    it.each([
      ["moved down 7 lines", true, [hunkAt(17, base)]],
      ["moved on one side only", true, [{ ...hunkAt(10, base), newStart: 30 }]],
      ["one changed line", false, [hunkAt(10, [" ctx", "-old", "+newer"])]],
      ["a line turned from added to context", false, [hunkAt(10, [" ctx", "-old", " new"])]],
      ["another hunk header", false, [{ ...hunkAt(10, base), header: "function g()" }]],
    ])("compared with the original, %s hashes the same: %s", (_, same, hunks) => {
      const original = hashOf([hunkAt(10, base)]);

      expect(hashOf(hunks) === original).toBe(same);
    });

    it("does not depend on the path", () => {
      expect(hashOf([hunkAt(10, base)], "b.ts")).toBe(hashOf([hunkAt(10, base)]));
    });

    it("changes when the gap between two hunks of the chunk changes", () => {
      const near = hashOf([hunkAt(10, base), hunkAt(40, base)]);
      const moved = hashOf([hunkAt(17, base), hunkAt(47, base)]);
      const wider = hashOf([hunkAt(10, base), hunkAt(41, base)]);

      expect(moved).toBe(near);
      expect(wider).not.toBe(near);
    });
  });
});
