import { describe, expect, it } from "vitest";
import { buildCommentableIndex } from "../../src/review/commentable-lines.ts";
import type { Finding } from "../../src/review/finding.ts";
import { parseGitDiff } from "../../src/review/parse-git-diff.ts";
import { placeFindings } from "../../src/review/place-findings.ts";
import { makeFinding } from "./review-pass-fixtures.ts";

// Two hunks of src/a.ts: RIGHT lines 1-4 and 20-22.
const diff = [
  "diff --git a/src/a.ts b/src/a.ts",
  "index 1111111..2222222 100644",
  "--- a/src/a.ts",
  "+++ b/src/a.ts",
  "@@ -1,3 +1,4 @@",
  " one",
  "+two",
  " three",
  " four",
  "@@ -19,2 +20,3 @@",
  " twenty",
  "+twenty-one",
  " twenty-two",
  "",
].join("\n");
const index = buildCommentableIndex(parseGitDiff(diff));

let counter = 0;
const identified = (overrides: Partial<Finding>) => ({
  ...makeFinding(overrides),
  id: `F${++counter}`,
  fingerprint: `fp${counter}`,
});

describe("review/place-findings", () => {
  describe("with an anchor inside a hunk", () => {
    it("places the finding inline, unchanged", () => {
      const [placed] = placeFindings([identified({ line: 4, startLine: 2 })], index);

      expect(placed).toMatchObject({ placement: "inline", line: 4, startLine: 2 });
    });
  });

  describe("with a line outside the diff", () => {
    it("puts the finding in the summary without moving it", () => {
      const [placed] = placeFindings([identified({ line: 10 })], index);

      expect(placed).toMatchObject({ placement: "summary", line: 10 });
    });
  });

  describe("with a range crossing hunks", () => {
    it("anchors to the last line alone when that line is commentable", () => {
      const [placed] = placeFindings([identified({ startLine: 3, line: 21 })], index);

      expect(placed).toMatchObject({ placement: "inline", line: 21 });
      expect(placed.startLine ?? null).toBeNull();
    });

    it("moves a suggestion into the body, since it would replace the wrong lines", () => {
      const [placed] = placeFindings(
        [identified({ startLine: 3, line: 21, suggestion: "fixed();", body: "Explain." })],
        index,
      );

      expect(placed.suggestion).toBeUndefined();
      expect(placed.body).toContain("Suggested replacement for lines 3–21");
      expect(placed.body).toContain("fixed();");
    });

    it("goes to the summary when the last line is not commentable", () => {
      const [placed] = placeFindings([identified({ startLine: 2, line: 12 })], index);

      expect(placed).toMatchObject({ placement: "summary", startLine: 2, line: 12 });
    });
  });

  describe("with more findings than the inline limit", () => {
    it("keeps the most severe inline and lists the rest in the summary", () => {
      const findings = [
        identified({ line: 1, severity: "info" }),
        identified({ line: 2, severity: "critical" }),
        identified({ line: 3, severity: "warning" }),
        identified({ line: 4, severity: "info" }),
      ];

      const placed = placeFindings(findings, index, { maxInline: 2 });

      expect(placed.map((f) => [f.severity, f.placement])).toEqual([
        ["info", "summary"],
        ["critical", "inline"],
        ["warning", "inline"],
        ["info", "summary"],
      ]);
    });

    it("puts everything in the summary with a limit of 0", () => {
      const placed = placeFindings([identified({ line: 1 })], index, { maxInline: 0 });

      expect(placed[0].placement).toBe("summary");
    });
  });
});
