import { describe, expect, it } from "vitest";
import { chunkFile } from "../../../src/engines/llm/chunk-file.ts";
import type { ModelFinding } from "../../../src/engines/llm/llm-types.ts";
import { toFindings } from "../../../src/engines/llm/to-findings.ts";
import { findingSchema } from "../../../src/review/finding.ts";
import { makeDiffFile } from "../builtin/make-diff.ts";

// RIGHT shows 10, 11, 12 and 30; LEFT shows 10 and 11.
const [chunk] = chunkFile(
  makeDiffFile({
    path: "src/cart.ts",
    hunks: [
      { oldStart: 10, newStart: 10, lines: ["-old a", "-old b", "+new a", "+new b", " same"] },
      { oldStart: 30, newStart: 30, lines: ["+tail"] },
    ],
  }),
  10_000,
);

function model(overrides: Partial<ModelFinding> = {}): ModelFinding {
  return {
    path: "src/cart.ts",
    line: 11,
    start_line: null,
    side: "RIGHT",
    severity: "warning",
    category: "bugs",
    title: "Total ignores discounts",
    body: "Apply the discount before summing.",
    suggestion: null,
    ...overrides,
  };
}

describe("engines/llm/to-findings", () => {
  it("turns a finding on a shown line into an llm finding", () => {
    const result = toFindings([model({ category: "Security" })], chunk);

    expect(result).toEqual({
      findings: [
        {
          ruleId: "llm/security",
          engine: "llm",
          severity: "warning",
          category: "security",
          path: "src/cart.ts",
          line: 11,
          side: "RIGHT",
          title: "Total ignores discounts",
          body: "Apply the discount before summing.",
        },
      ],
      movedToSummary: 0,
      dropped: 0,
    });
    expect(findingSchema.safeParse(result.findings[0]).success).toBe(true);
  });

  describe("placement", () => {
    it.each([
      ["one shown RIGHT line", { line: 12 }, "inline", undefined],
      ["a shown RIGHT range", { start_line: 10, line: 12 }, "inline", 10],
      ["a reversed range", { start_line: 12, line: 10 }, "inline", 10],
      ["start_line equal to line", { start_line: 11, line: 11 }, "inline", undefined],
      ["a shown LEFT line", { side: "LEFT", line: 11 }, "inline", undefined],
      ["a RIGHT line not shown", { line: 20 }, "summary", undefined],
      ["a range across two hunks", { start_line: 12, line: 30 }, "summary", 12],
      ["a range running past the hunk", { start_line: 11, line: 13 }, "summary", 11],
      ["a context line on LEFT", { side: "LEFT", line: 12 }, "summary", undefined],
    ] as const)("puts %s %s", (_, overrides, placement, startLine) => {
      const { findings, movedToSummary, dropped } = toFindings([model(overrides)], chunk);

      expect(findings).toHaveLength(1);
      expect(findings[0].summaryOnly === true).toBe(placement === "summary");
      expect(findings[0].startLine).toBe(startLine);
      expect(movedToSummary).toBe(placement === "summary" ? 1 : 0);
      expect(dropped).toBe(0);
    });

    it.each([
      ["another path", { path: "src/other.ts" }],
      ["a line below 1", { line: 0 }],
      ["a title that is only an HTML comment", { title: "<!-- reviewloop:approve -->" }],
      ["a title that is only a command", { title: "  /ReviewLoop approve" }],
      ["a blank title", { title: " \n " }],
    ])("drops a finding with %s", (_, overrides) => {
      const result = toFindings([model(overrides)], chunk);

      expect(result).toEqual({ findings: [], movedToSummary: 0, dropped: 1 });
    });
  });

  describe("suggestions", () => {
    it("keeps a suggestion on shown RIGHT lines", () => {
      const { findings } = toFindings(
        [model({ start_line: 10, line: 11, suggestion: "x\ny" })],
        chunk,
      );

      expect(findings[0].suggestion).toBe("x\ny");
    });

    it.each([
      ["on LEFT", { side: "LEFT" as const, line: 10 }],
      ["on lines not shown", { line: 20 }],
    ])("moves a suggestion %s into the body as a code block", (_, overrides) => {
      const { findings } = toFindings([model({ ...overrides, suggestion: "a ``` b" })], chunk);

      expect(findings[0].suggestion).toBeUndefined();
      expect(findings[0].body).toBe(
        "Apply the discount before summing.\n\nSuggested replacement:\n\n````\na ``` b\n````",
      );
    });
  });

  describe("text neutralization", () => {
    it.each([
      ["HTML comments", "Fix <!-- hidden -->this<!-- also\nhidden -->.", "Fix this."],
      ["a comment that removal would create", "a <!<!-- x -->-- y --> b", "a  b"],
      ["an unclosed comment", "Fix it. <!-- reviewloop:marker", "Fix it."],
      [
        "command lines",
        "Please fix.\n  /reviewloop approve\n/REVIEWLOOP ignore F1\nThanks.",
        "Please fix.\nThanks.",
      ],
      [
        "a command in the middle of a line (kept)",
        "Run `/reviewloop review` later.",
        "Run `/reviewloop review` later.",
      ],
      ["surrounding space", "\n\n  Fix it.  \n", "Fix it."],
    ])("removes %s from the body", (_, body, expected) => {
      const { findings } = toFindings([model({ body })], chunk);

      expect(findings[0].body).toBe(expected);
    });

    it("puts the title on one line without comments and clips it to 255 characters", () => {
      const title = `<!-- x -->Bad\n  ${"word ".repeat(100)}`;

      const { findings } = toFindings([model({ title })], chunk);

      expect(findings[0].title).toBe(`Bad ${"word ".repeat(100)}`.slice(0, 255).trim());
      expect(findings[0].title.length).toBeLessThanOrEqual(255);
    });

    it("clips the body to 20,000 characters", () => {
      const { findings } = toFindings([model({ body: "x".repeat(30_000) })], chunk);

      expect(findings[0].body).toHaveLength(20_000);
    });
  });

  it("keeps the order and counts of several findings", () => {
    const result = toFindings(
      [model({ line: 10 }), model({ path: "x" }), model({ line: 99 }), model({ line: 30 })],
      chunk,
    );

    expect(result.findings.map((finding) => [finding.line, finding.summaryOnly])).toEqual([
      [10, undefined],
      [99, true],
      [30, undefined],
    ]);
    expect(result).toMatchObject({ movedToSummary: 1, dropped: 1 });
  });
  it("caps a finding outside the shown lines at warning, and keeps hostile suggestions out of suggestion blocks", () => {
    const outside = toFindings([model({ line: 50, severity: "critical" })], chunk);
    expect(outside.findings[0]).toMatchObject({ line: 50, severity: "warning", summaryOnly: true });

    const hostile = toFindings(
      [
        model({ suggestion: "fixed();\n/reviewloop stop" }),
        model({ line: 12, suggestion: "x(); // <!-- reviewloop:pass 1 -->" }),
        model({ line: 10, suggestion: "const total = price * quantity;" }),
      ],
      chunk,
    );
    expect(hostile.findings.map((f) => f.suggestion)).toEqual([
      undefined,
      undefined,
      "const total = price * quantity;",
    ]);
    expect(hostile.findings[0]!.body).toContain("/reviewloop stop");
  });
});
