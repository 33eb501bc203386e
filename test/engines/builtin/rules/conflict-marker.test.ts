import { describe, expect, it } from "vitest";
import { conflictMarkerRule } from "../../../../src/engines/builtin/rules/conflict-marker.ts";
import { makeAddedFile, makeDiffFile } from "../make-diff.ts";
import { runRule } from "../run-rule.ts";

describe("engines/builtin/rules/conflict-marker", () => {
  describe("with a conflict block in added lines", () => {
    it("reports one critical finding at the opening marker that names every marker line", async () => {
      const file = makeAddedFile("src/a.ts", [
        "const a = 1;",
        "<<<<<<< HEAD",
        "const b = 2;",
        "=======",
        "const b = 3;",
        ">>>>>>> feature",
      ]);

      const findings = await runRule(conflictMarkerRule, [file]);

      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        ruleId: "conflict-marker",
        severity: "critical",
        category: "bugs",
        path: "src/a.ts",
        line: 2,
        side: "RIGHT",
      });
      expect(findings[0]!.body).toContain("2, 4, 6");
    });

    it("includes the diff3 base marker", async () => {
      const file = makeAddedFile("a.py", [
        "<<<<<<< ours",
        "x = 1",
        "||||||| base",
        "x = 0",
        "=======",
        "x = 2",
        ">>>>>>> theirs",
      ]);

      const findings = await runRule(conflictMarkerRule, [file]);

      expect(findings).toHaveLength(1);
      expect(findings[0]!.body).toContain("1, 3, 5, 7");
    });

    it("reports each of two blocks separately", async () => {
      const block = ["<<<<<<< HEAD", "a", "=======", "b", ">>>>>>> x"];
      const file = makeAddedFile("a.txt", [...block, "between", ...block]);

      const findings = await runRule(conflictMarkerRule, [file]);

      expect(findings.map((finding) => finding.line)).toEqual([1, 7]);
    });
  });

  describe("with only part of a conflict added", () => {
    it("reports a stray closing marker", async () => {
      const file = makeDiffFile({
        path: "a.ts",
        lines: [" const a = 1;", "+>>>>>>> main", " const b = 2;"],
      });

      const findings = await runRule(conflictMarkerRule, [file]);

      expect(findings.map((finding) => finding.line)).toEqual([2]);
    });

    it("reports a separator that a closing marker confirms, anchored at the separator", async () => {
      const file = makeDiffFile({
        path: "a.ts",
        lines: [" <<<<<<< HEAD", " x", "+=======", "+y", "+>>>>>>> topic"],
      });

      const findings = await runRule(conflictMarkerRule, [file]);

      expect(findings.map((finding) => finding.line)).toEqual([3]);
    });

    it("reports an opening marker that is never closed", async () => {
      const file = makeAddedFile("a.ts", ["<<<<<<< HEAD", "x"]);

      expect(await runRule(conflictMarkerRule, [file])).toHaveLength(1);
    });
  });

  describe("without a conflict", () => {
    it("does not flag a Markdown setext heading or a reStructuredText underline", async () => {
      const markdown = makeAddedFile("README.md", ["Title", "=======", "", "text"]);
      const rst = makeAddedFile("docs/index.rst", ["=======", "Title", "=======", "body"]);

      expect(await runRule(conflictMarkerRule, [markdown, rst])).toEqual([]);
    });

    it("ignores markers on context and deleted lines", async () => {
      const file = makeDiffFile({
        path: "a.ts",
        lines: [" <<<<<<< HEAD", "-=======", "->>>>>>> x", "+const fixed = true;"],
      });

      expect(await runRule(conflictMarkerRule, [file])).toEqual([]);
    });

    it("ignores marker-like text that does not start the line or has the wrong length", async () => {
      const file = makeAddedFile("a.ts", [
        'const s = "<<<<<<< HEAD";',
        "<<<<<<<< eight",
        "// >>>>>>> x",
      ]);

      expect(await runRule(conflictMarkerRule, [file])).toEqual([]);
    });
  });
});
