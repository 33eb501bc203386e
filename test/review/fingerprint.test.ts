import { describe, expect, it } from "vitest";
import { anchoredText, fingerprint, normalizeLine } from "../../src/review/fingerprint.ts";
import { parseGitDiff } from "../../src/review/parse-git-diff.ts";
import { diffAdding, makeFinding } from "./review-pass-fixtures.ts";

describe("review/fingerprint", () => {
  describe("when the anchored lines move", () => {
    it("keeps the fingerprint", () => {
      const before = parseGitDiff(diffAdding("src/a.ts", 1, ["const a = 1;"], ["debugger;"]));
      const after = parseGitDiff(
        diffAdding("src/a.ts", 40, ["const b = 2;", "const c = 3;"], ["debugger;"]),
      );
      const first = makeFinding({ line: 2 });
      const moved = makeFinding({ line: 42 });

      const a = fingerprint(first, anchoredText(before, first));
      const b = fingerprint(moved, anchoredText(after, moved));

      expect(a).toBe(b);
    });
  });

  describe("when only whitespace or line endings differ", () => {
    it("keeps the fingerprint", () => {
      const finding = makeFinding();

      const a = fingerprint(finding, ["  if (x)   {", "\tdebugger;"]);
      const b = fingerprint(finding, ["if (x) {\r", "debugger;  "]);

      expect(a).toBe(b);
    });
  });

  describe("when rule, path or text differ", () => {
    it("changes the fingerprint", () => {
      const base = fingerprint(makeFinding(), ["debugger;"]);

      expect(fingerprint(makeFinding({ ruleId: "other-rule" }), ["debugger;"])).not.toBe(base);
      expect(fingerprint(makeFinding({ path: "src/b.ts" }), ["debugger;"])).not.toBe(base);
      expect(fingerprint(makeFinding(), ["debugger; // x"])).not.toBe(base);
    });
  });

  describe("for a finding without anchored lines", () => {
    it("uses the title instead", () => {
      const a = fingerprint(makeFinding({ title: "Lockfile not updated" }), []);
      const b = fingerprint(makeFinding({ title: "Lockfile not updated", line: 99 }), []);
      const c = fingerprint(makeFinding({ title: "Large file added" }), []);

      expect(a).toBe(b);
      expect(a).not.toBe(c);
    });

    it("never equals a finding whose anchored line reads like the title", () => {
      const finding = makeFinding({ title: "debugger;" });

      expect(fingerprint(finding, [])).not.toBe(fingerprint(finding, ["debugger;"]));
    });
  });

  it("is 16 lowercase hex characters", () => {
    expect(fingerprint(makeFinding(), ["x"])).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe("review/fingerprint › anchoredText", () => {
  const diff = [
    "diff --git a/src/a.ts b/src/a.ts",
    "index 1111111..2222222 100644",
    "--- a/src/a.ts",
    "+++ b/src/a.ts",
    "@@ -1,3 +1,3 @@",
    " keep",
    "-old line",
    "+new line",
    " tail",
    "@@ -20,1 +20,2 @@",
    " far",
    "+far added",
    "",
  ].join("\n");
  const files = parseGitDiff(diff);

  it("picks every RIGHT line of a range", () => {
    expect(anchoredText(files, { path: "src/a.ts", side: "RIGHT", line: 3, startLine: 1 })).toEqual(
      ["keep", "new line", "tail"],
    );
  });

  it("picks deleted lines on the LEFT side", () => {
    expect(anchoredText(files, { path: "src/a.ts", side: "LEFT", line: 2 })).toEqual(["old line"]);
  });

  it("returns nothing for a line outside the diff or an unknown file", () => {
    expect(anchoredText(files, { path: "src/a.ts", side: "RIGHT", line: 10 })).toEqual([]);
    expect(anchoredText(files, { path: "src/z.ts", side: "RIGHT", line: 1 })).toEqual([]);
  });
});

describe("review/fingerprint › normalizeLine", () => {
  it("trims, drops carriage returns and collapses whitespace", () => {
    expect(normalizeLine("  a \t b\r")).toBe("a b");
  });
});
