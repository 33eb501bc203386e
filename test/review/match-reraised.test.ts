import { describe, expect, it } from "vitest";
import type { PlacedFinding } from "../../src/review/finding.ts";
import { type GoneFinding, matchReraised } from "../../src/review/match-reraised.ts";
import { parseGithubPatch } from "../../src/review/parse-github-patch.ts";
import { makeFinding } from "./review-pass-fixtures.ts";

// The push since the last pass: line 3 (`debugger;`) replaced by `debugger; // again`, and a
// line added further down (outside any anchor).
const CHANGES = [
  parseGithubPatch({
    filename: "src/a.ts",
    status: "modified",
    patch: [
      "@@ -1,4 +1,4 @@",
      " const a = 1;",
      " const b = 2;",
      "-debugger;",
      "+debugger; // again",
      " const c = 3;",
      "@@ -20,2 +20,3 @@",
      " const y = 1;",
      "+debugger;",
      " const z = 2;",
    ].join("\n"),
  }),
];

function gone(fingerprint: string, line: number, overrides = {}): GoneFinding {
  return { fingerprint, finding: makeFinding({ line, ...overrides }) };
}

function fresh(id: string, line: number, overrides = {}): PlacedFinding {
  return {
    ...makeFinding({ line, ...overrides }),
    id,
    fingerprint: `new-${id}`,
    placement: "inline",
  };
}

describe("review/matchReraised", () => {
  describe("on an incremental pass", () => {
    it("pairs a finding whose anchored line was replaced with the same rule in that hunk", () => {
      const matched = matchReraised({
        gone: [gone("old", 3)],
        fresh: [fresh("F7", 3)],
        mode: "incremental",
        changes: CHANGES,
      });

      expect(matched.get("old")?.id).toBe("F7");
    });

    it("does not pair the same rule in another hunk, nor another rule in the hunk", () => {
      const matched = matchReraised({
        gone: [gone("old", 3)],
        fresh: [fresh("F7", 21), fresh("F8", 3, { ruleId: "todo" })],
        mode: "incremental",
        changes: CHANGES,
      });

      expect(matched.size).toBe(0);
    });

    it("does not pair a finding whose anchor no hunk deleted or replaced", () => {
      const matched = matchReraised({
        gone: [gone("old", 2)],
        fresh: [fresh("F7", 3)],
        mode: "incremental",
        changes: CHANGES,
      });

      expect(matched.size).toBe(0);
    });

    it("lets each new finding re-raise one old one", () => {
      const matched = matchReraised({
        gone: [gone("old-1", 3, { startLine: 2 }), gone("old-2", 3)],
        fresh: [fresh("F7", 3)],
        mode: "incremental",
        changes: CHANGES,
      });

      expect([...matched.keys()]).toEqual(["old-1"]);
    });
  });

  describe("on a full pass", () => {
    it("pairs by rule, path and title, wherever the line went", () => {
      const matched = matchReraised({
        gone: [gone("old", 3)],
        fresh: [
          fresh("F7", 40, { path: "src/b.ts" }),
          fresh("F8", 40, { title: "Something else" }),
          fresh("F9", 40),
        ],
        mode: "full",
        changes: [],
      });

      expect(matched.get("old")?.id).toBe("F9");
    });

    it("pairs one to one", () => {
      const matched = matchReraised({
        gone: [gone("old-1", 3), gone("old-2", 8)],
        fresh: [fresh("F7", 40)],
        mode: "full",
        changes: [],
      });

      expect(matched.size).toBe(1);
      expect(matched.get("old-1")?.id).toBe("F7");
    });
  });
});
