import { describe, expect, it } from "vitest";
import { parseMarkers } from "../../src/review/markers.ts";
import { parseGitDiff } from "../../src/review/parse-git-diff.ts";
import {
  type ReviewPassInput,
  reviewDiff,
  selectReviewedFiles,
} from "../../src/review/review-pass.ts";
import { makeFinding } from "./review-pass-fixtures.ts";

// src/a.ts: RIGHT lines 1-4 in one hunk; docs/x.md: RIGHT line 1.
const files = parseGitDiff(
  [
    "diff --git a/src/a.ts b/src/a.ts",
    "index 1111111..2222222 100644",
    "--- a/src/a.ts",
    "+++ b/src/a.ts",
    "@@ -1,2 +1,4 @@",
    " const a = 1;",
    "+<<<<<<< HEAD",
    "+debugger;",
    " const b = 2;",
    "diff --git a/docs/x.md b/docs/x.md",
    "new file mode 100644",
    "index 0000000..3333333",
    "--- /dev/null",
    "+++ b/docs/x.md",
    "@@ -0,0 +1 @@",
    "+# Title",
    "",
  ].join("\n"),
);

const input = (overrides: Partial<ReviewPassInput> = {}): ReviewPassInput => ({
  files,
  findings: [],
  review: { blocking_severity: "critical", approve: false, max_inline_comments: 50 },
  summary: {
    commits: { base: "a".repeat(40), head: "b".repeat(40), mode: "full" },
    filesSkipped: [],
    engineErrors: [],
  },
  ...overrides,
});

const conflict = makeFinding({
  ruleId: "conflict-marker",
  severity: "critical",
  line: 2,
  title: "Merge conflict marker",
});
const debuggerLine = makeFinding({ line: 3, startLine: 2, suggestion: "" });
const outside = makeFinding({ ruleId: "todo", severity: "info", line: 40, title: "TODO left" });

describe("review/review-pass", () => {
  describe("with a blocking finding, a range and a finding outside the diff", () => {
    const result = reviewDiff(input({ findings: [outside, debuggerLine, conflict] }));

    it("requests changes and fails the check", () => {
      expect(result.verdict).toBe("request_changes");
      expect(result.reviewEvent).toBe("REQUEST_CHANGES");
      expect(result.conclusion).toBe("failure");
      expect(result.counts).toEqual({ critical: 1, warning: 1, info: 1 });
    });

    it("posts inline comments with GitHub's field names, ranges with start_line and start_side", () => {
      const anchors = result.inlineComments.map(({ body: _, ...anchor }) => anchor);

      expect(anchors).toEqual([
        { path: "src/a.ts", line: 2, side: "RIGHT" },
        { path: "src/a.ts", line: 3, side: "RIGHT", start_line: 2, start_side: "RIGHT" },
      ]);
      expect(result.inlineComments[1].body).toContain("```suggestion\n```");
    });

    it("lists the finding outside the diff in the summary, with its location", () => {
      const todo = result.placed.find((f) => f.ruleId === "todo");

      expect(todo?.placement).toBe("summary");
      expect(result.summaryMarkdown).toContain("`src/a.ts:40`");
      expect(result.summaryMarkdown).toContain("TODO left");
    });

    it("numbers findings by position", () => {
      expect(result.placed.map((f) => [f.id, f.line])).toEqual([
        ["F1", 2],
        ["F2", 3],
        ["F3", 40],
      ]);
    });

    it("marks every inline comment with its finding's fingerprint", () => {
      const marked = result.inlineComments.flatMap((c) => parseMarkers(c.body).fingerprints);

      expect(marked).toEqual(
        result.placed.filter((f) => f.placement === "inline").map((f) => f.fingerprint),
      );
    });
  });

  describe("on a later pass", () => {
    it("keeps the ids of findings seen before", () => {
      const first = reviewDiff(input({ findings: [conflict] }));
      const previousIds = first.placed.map(({ fingerprint, id }) => ({ fingerprint, id }));

      const second = reviewDiff(input({ findings: [debuggerLine, conflict], previousIds }));

      const conflictId = second.placed.find((f) => f.ruleId === "conflict-marker")?.id;
      expect(conflictId).toBe(first.placed[0].id);
      expect(second.placed.find((f) => f.ruleId === "debug-leftover")?.id).toBe("F2");
    });
  });

  describe("with malformed engine output", () => {
    it("drops the entry and reports it as an engine error in the summary", () => {
      const result = reviewDiff(
        input({ findings: [conflict, { engine: "llm", ruleId: "llm/bug", line: -1 }] }),
      );

      expect(result.placed).toHaveLength(1);
      expect(result.engineErrors).toEqual([
        { engine: "llm", message: expect.stringContaining("malformed finding dropped") },
      ]);
      expect(result.summaryMarkdown).toContain("malformed finding dropped");
    });
  });

  describe("with no blocking findings", () => {
    it("approves when approval is enabled, and reports neutral for non-blocking findings", () => {
      const result = reviewDiff(
        input({
          findings: [outside],
          review: { blocking_severity: "critical", approve: true, max_inline_comments: 50 },
        }),
      );

      expect(result.reviewEvent).toBe("APPROVE");
      expect(result.conclusion).toBe("neutral");
    });

    it("succeeds when there is nothing at all", () => {
      const result = reviewDiff(input());

      expect(result.conclusion).toBe("success");
      expect(result.inlineComments).toEqual([]);
    });
  });

  describe("selectReviewedFiles", () => {
    it("skips files outside include or inside exclude, saying why", () => {
      const { reviewed, skipped } = selectReviewedFiles(files, {
        include: ["src/**", "docs/**"],
        exclude: ["docs/**"],
      });

      expect(reviewed.map((f) => f.path)).toEqual(["src/a.ts"]);
      expect(skipped).toEqual([{ path: "docs/x.md", reason: "in review.paths.exclude" }]);
    });
  });
});
