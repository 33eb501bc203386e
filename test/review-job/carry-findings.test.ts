import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/review/finding.ts";
import { parseGithubPatch } from "../../src/review/parse-github-patch.ts";
import { carryFindings, mapLine } from "../../src/review-job/carry-findings.ts";

function finding(path: string, line: number, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId: "todo-comment",
    engine: "builtin",
    severity: "info",
    category: "maintainability",
    path,
    line,
    side: "RIGHT",
    title: "TODO",
    body: "",
    ...extra,
  };
}

// Old (last reviewed head) → new head: line 2 replaced, two lines inserted after old line 5.
const CHANGE = parseGithubPatch({
  filename: "a.ts",
  status: "modified",
  additions: 3,
  deletions: 1,
  patch: "@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n@@ -5,0 +6,2 @@\n+six\n+seven",
});

describe("review-job/carryFindings", () => {
  describe("mapLine", () => {
    it.each([
      [1, 1],
      [2, null],
      [3, 3],
      [5, 5],
      [6, 8],
      [40, 42],
    ])("maps old line %i to %s", (old, expected) => {
      expect(mapLine(CHANGE.hunks, old)).toBe(expected);
    });
  });

  describe("with a finding in a file the push did not touch", () => {
    it("carries it unchanged", () => {
      const open = [finding("b.ts", 4)];

      expect(carryFindings(open, [CHANGE])).toEqual(open);
    });
  });

  describe("with a finding below inserted lines", () => {
    it("carries it to its new line", () => {
      expect(carryFindings([finding("a.ts", 6, { startLine: 5 })], [CHANGE])).toEqual([
        finding("a.ts", 8, { startLine: 5 }),
      ]);
    });
  });

  describe("with a finding on a replaced line", () => {
    it("drops it, so the engines decide again", () => {
      expect(
        carryFindings([finding("a.ts", 2), finding("a.ts", 3, { startLine: 1 })], [CHANGE]),
      ).toEqual([]);
    });
  });

  describe("with a finding in a deleted or renamed file", () => {
    it("drops it when deleted and follows the rename otherwise", () => {
      const deleted = parseGithubPatch({
        filename: "gone.ts",
        status: "removed",
        patch: "@@ -1 +0,0 @@\n-x",
      });
      const renamed = parseGithubPatch({
        filename: "new.ts",
        previous_filename: "old.ts",
        status: "renamed",
      });

      expect(
        carryFindings([finding("gone.ts", 1), finding("old.ts", 3)], [deleted, renamed]),
      ).toEqual([finding("new.ts", 3)]);
    });
  });

  describe("with a finding on a deleted line (LEFT)", () => {
    it("carries it unchanged: the base numbering does not move with the head", () => {
      const left = finding("a.ts", 2, { side: "LEFT" });

      expect(carryFindings([left], [CHANGE])).toEqual([left]);
    });
  });
});
