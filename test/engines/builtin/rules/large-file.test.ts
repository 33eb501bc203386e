import { describe, expect, it } from "vitest";
import { largeFileRule } from "../../../../src/engines/builtin/rules/large-file.ts";
import { makeAddedFile, makeDiffFile, makeModifiedFile } from "../make-diff.ts";
import { runRule } from "../run-rule.ts";

const MiB = 1024 * 1024;

describe("engines/builtin/rules/large-file", () => {
  describe("with an added binary file", () => {
    it("reports a maintainability warning at line 1", async () => {
      const file = makeDiffFile({
        path: "assets/logo.png",
        status: "added",
        binary: true,
        patchMissing: true,
      });

      const findings = await runRule(largeFileRule, [file]);

      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        ruleId: "large-file",
        severity: "warning",
        category: "maintainability",
        path: "assets/logo.png",
        line: 1,
        side: "RIGHT",
        title: "Binary file added",
      });
    });

    it("says how large it is when its size is known and above the threshold", async () => {
      const file = makeDiffFile({ path: "model.bin", status: "added", binary: true });

      const findings = await runRule(largeFileRule, [file], {
        fileSizes: { "model.bin": 5 * MiB },
      });

      expect(findings[0]!.title).toContain("5.0 MiB");
    });
  });

  describe("with a file above the size threshold", () => {
    it("uses fileSizes when given", async () => {
      const file = makeModifiedFile("data/big.json", ['  "a": 1,'], 3000);

      const findings = await runRule(largeFileRule, [file], {
        fileSizes: { "data/big.json": 2 * MiB },
      });

      expect(findings).toHaveLength(1);
      expect(findings[0]!.title).toContain("2.0 MiB");
    });

    it("estimates the size of an added file from its lines", async () => {
      const line = "x".repeat(99);
      const file = makeAddedFile(
        "data/fixture.txt",
        Array.from({ length: 2000 }, () => line),
      );

      const findings = await runRule(largeFileRule, [file], {
        options: { largeFileBytes: 100_000 },
      });

      expect(findings).toHaveLength(1);
      expect(findings[0]!.title).toContain("195.3 KiB");
    });

    it("anchors a modified file to its first added line when line 1 is not in the diff", async () => {
      const file = makeModifiedFile("data/big.csv", ["a,b", "c,d"], 500);

      const findings = await runRule(largeFileRule, [file], {
        fileSizes: { "data/big.csv": 3 * MiB },
      });

      expect(findings[0]).toMatchObject({ line: 500 });
    });
  });

  describe("without a large or binary addition", () => {
    it("does not flag a small file", async () => {
      const file = makeAddedFile("src/a.ts", ["export const a = 1;"]);

      expect(await runRule(largeFileRule, [file], { fileSizes: { "src/a.ts": 20 } })).toEqual([]);
    });

    it("does not flag a modified binary file of unknown size", async () => {
      const file = makeDiffFile({ path: "assets/logo.png", binary: true, patchMissing: true });

      expect(await runRule(largeFileRule, [file])).toEqual([]);
    });

    it("does not flag a file exactly at the threshold", async () => {
      const file = makeAddedFile("a.txt", ["x"]);

      expect(await runRule(largeFileRule, [file], { fileSizes: { "a.txt": MiB } })).toEqual([]);
    });

    it("does not flag a deleted large file", async () => {
      const file = makeDiffFile({ path: "big.bin", status: "deleted", binary: true });

      expect(await runRule(largeFileRule, [file], { fileSizes: { "big.bin": 9 * MiB } })).toEqual(
        [],
      );
    });
  });
});
