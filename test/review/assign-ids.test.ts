import { describe, expect, it } from "vitest";
import { assignIds } from "../../src/review/assign-ids.ts";
import { makeFinding } from "./review-pass-fixtures.ts";

const withFp = (fingerprint: string, overrides: Parameters<typeof makeFinding>[0] = {}) => ({
  ...makeFinding(overrides),
  fingerprint,
});

describe("review/assign-ids", () => {
  describe("on the first pass", () => {
    it("numbers findings F1, F2, … by path, line and rule", () => {
      const findings = [
        withFp("c", { path: "src/b.ts", line: 1 }),
        withFp("b", { path: "src/a.ts", line: 9, ruleId: "z-rule" }),
        withFp("a", { path: "src/a.ts", line: 9, ruleId: "a-rule" }),
      ];

      const ids = assignIds(findings, []).map((f) => [f.id, f.fingerprint]);

      expect(ids).toEqual([
        ["F1", "a"],
        ["F2", "b"],
        ["F3", "c"],
      ]);
    });

    it("gives the same ids whatever order the engines reported in", () => {
      const findings = [
        withFp("x", { line: 5 }),
        withFp("y", { line: 1 }),
        withFp("z", { line: 3 }),
      ];

      const forward = assignIds(findings, []);
      const backward = assignIds([...findings].reverse(), []);

      expect(backward).toEqual(forward);
    });
  });

  describe("on a later pass", () => {
    it("keeps the id of a known fingerprint and continues after the highest id", () => {
      const previous = [
        { fingerprint: "old", id: "F2" },
        { fingerprint: "gone", id: "F7" },
      ];
      const findings = [withFp("new", { line: 1 }), withFp("old", { line: 50 })];

      const ids = assignIds(findings, previous).map((f) => [f.fingerprint, f.id]);

      expect(ids).toEqual([
        ["new", "F8"],
        ["old", "F2"],
      ]);
    });
  });

  describe("with one fingerprint reported twice", () => {
    it("keeps one finding, the first by position", () => {
      const findings = [withFp("same", { line: 8 }), withFp("same", { line: 3 })];

      const result = assignIds(findings, []);

      expect(result).toHaveLength(1);
      expect(result[0]).toMatchObject({ id: "F1", line: 3 });
    });
  });
});
