import { describe, expect, it } from "vitest";
import { fileKind, prioritizeFiles } from "../../../src/engines/llm/prioritize-files.ts";
import { makeDiffFile } from "../builtin/make-diff.ts";

describe("engines/llm/prioritize-files", () => {
  it.each([
    ["src/a.ts", "source"],
    ["Makefile", "source"],
    ["src/a.test.ts", "test"],
    ["pkg/a_test.go", "test"],
    ["app/test_views.py", "test"],
    ["test/helpers/db.ts", "test"],
    ["src/__tests__/a.tsx", "test"],
    ["spec/a_spec.rb", "test"],
    ["tests/README.md", "test"],
    ["README.md", "docs"],
    ["guide/intro.mdx", "docs"],
    ["docs/conf.py", "docs"],
    ["NOTES.txt", "docs"],
    ["api.rst", "docs"],
  ])("classifies %s as %s", (path, kind) => {
    expect(fileKind(path)).toBe(kind);
  });

  it("orders source, tests, docs, then larger changes, then paths", () => {
    const file = (path: string, changed: number) =>
      makeDiffFile({ path, lines: Array.from({ length: changed }, (_, i) => `+${i}`) });
    const files = [
      file("README.md", 50),
      file("src/b.test.ts", 3),
      file("src/small.ts", 1),
      file("src/b.ts", 5),
      file("src/a.ts", 5),
      file("src/a.test.ts", 9),
      file("src/big.ts", 40),
    ];

    const ordered = prioritizeFiles(files).map((entry) => entry.path);

    expect(ordered).toEqual([
      "src/big.ts",
      "src/a.ts",
      "src/b.ts",
      "src/small.ts",
      "src/a.test.ts",
      "src/b.test.ts",
      "README.md",
    ]);
    expect(prioritizeFiles([...files].reverse()).map((entry) => entry.path)).toEqual(ordered);
  });
});
