import { describe, expect, it } from "vitest";
import { parseMarkers } from "../../src/review/markers.ts";
import { renderInlineComment } from "../../src/review/render-inline-comment.ts";
import { makeFinding } from "./review-pass-fixtures.ts";

const identified = (overrides: Parameters<typeof makeFinding>[0] = {}) => ({
  ...makeFinding(overrides),
  id: "F3",
  fingerprint: "0123456789abcdef",
});

describe("review/render-inline-comment", () => {
  describe("for a finding with a suggestion", () => {
    it("shows badge, category, id, title, body, a suggestion block and the marker", () => {
      const finding = identified({
        severity: "critical",
        title: "Merge conflict marker left in the file",
        body: "Resolve the conflict; git left `<<<<<<<` here.",
        suggestion: "const value = 2;",
      });

      expect(renderInlineComment(finding)).toMatchInlineSnapshot(`
        "**🔴 Critical** · bugs · \`F3\`

        **Merge conflict marker left in the file**

        Resolve the conflict; git left \`<<<<<<<\` here.

        \`\`\`suggestion
        const value = 2;
        \`\`\`

        <!-- reviewloop:finding 0123456789abcdef -->"
      `);
    });
  });

  describe("for a suggestion on the old side", () => {
    it("shows the text as a plain block, as GitHub only applies suggestions to the new side", () => {
      const text = renderInlineComment(identified({ side: "LEFT", suggestion: "x();" }));

      expect(text).not.toContain("```suggestion");
      expect(text).toContain("Suggested replacement:");
    });
  });

  describe("for an empty suggestion", () => {
    it("renders a block without lines, which deletes the anchored lines", () => {
      expect(renderInlineComment(identified({ suggestion: "" }))).toContain("```suggestion\n```");
    });
  });

  describe("for a suggestion containing a code fence", () => {
    it("uses a longer fence so the suggestion cannot end early", () => {
      const text = renderInlineComment(identified({ suggestion: "```\ncode\n```" }));

      expect(text).toContain("````suggestion\n```\ncode\n```\n````");
    });
  });

  describe("for a body longer than the limit", () => {
    it("cuts the body, says so and keeps the marker", () => {
      const finding = identified({ body: "word ".repeat(3_000) });

      const text = renderInlineComment(finding, 2_000);

      expect(text.length).toBeLessThanOrEqual(2_000);
      expect(text).toContain("cut to fit GitHub's comment size limit");
      expect(parseMarkers(text).fingerprints).toEqual(["0123456789abcdef"]);
    });
  });
});
