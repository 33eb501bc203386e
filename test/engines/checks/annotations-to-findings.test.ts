import { describe, expect, it } from "vitest";
import { annotationsToFindings, checkRuleId } from "../../../src/engines/checks/index.ts";
import { findingSchema } from "../../../src/review/finding.ts";
import { renderInlineComment } from "../../../src/review/render-inline-comment.ts";
import { anAnnotation } from "./checks-fixtures.ts";

const DEFAULT_SEVERITY = { failure: "critical", warning: "warning", notice: "info" } as const;

describe("checkRuleId", () => {
  it.each([
    ["eslint", "checks/eslint"],
    ["ESLint (ubuntu-latest, 20.x)", "checks/eslint-ubuntu-latest-20-x"],
    ["lint / tsc", "checks/lint-tsc"],
    ["✓✓", "checks/check"],
  ])("%s → %s", (name, id) => {
    expect(checkRuleId(name)).toBe(id);
  });
});

describe("annotationsToFindings", () => {
  it("maps each level through the severity table, on the RIGHT side of the annotation's lines", () => {
    const findings = annotationsToFindings(
      "eslint",
      [
        anAnnotation({ path: "src/a.ts", startLine: 3, level: "failure" }),
        anAnnotation({ path: "src/a.ts", startLine: 5, endLine: 7, level: "warning" }),
        anAnnotation({ path: "./src/b.ts", startLine: 1, level: "notice" }),
      ],
      DEFAULT_SEVERITY,
    );

    expect(findings.map((f) => [f.path, f.startLine, f.line, f.side, f.severity])).toEqual([
      ["src/a.ts", undefined, 3, "RIGHT", "critical"],
      ["src/a.ts", 5, 7, "RIGHT", "warning"],
      ["src/b.ts", undefined, 1, "RIGHT", "info"],
    ]);
    for (const f of findings) {
      expect(f).toMatchObject({ engine: "checks", ruleId: "checks/eslint", category: "checks" });
      expect(findingSchema.safeParse(f).success).toBe(true);
    }
  });

  it("follows a configured mapping", () => {
    const [finding] = annotationsToFindings(
      "tsc",
      [anAnnotation({ path: "a.ts", startLine: 1, level: "failure" })],
      { failure: "warning", warning: "info", notice: "info" },
    );
    expect(finding!.severity).toBe("warning");
  });

  it("titles by the annotation's title, else the message's first line, at most 255 characters", () => {
    const [titled, untitled, long] = annotationsToFindings(
      "eslint",
      [
        anAnnotation({ path: "a.ts", startLine: 1, title: "no-unused-vars", message: "m" }),
        anAnnotation({
          path: "a.ts",
          startLine: 2,
          message: "\nType 'string' is not 'number'.\n  more",
        }),
        anAnnotation({ path: "a.ts", startLine: 3, message: "x".repeat(400) }),
      ],
      DEFAULT_SEVERITY,
    );
    expect(titled!.title).toBe("no-unused-vars");
    expect(untitled!.title).toBe("Type 'string' is not 'number'.");
    expect(long!.title).toHaveLength(255);
  });

  it("has the message and the raw details as body", () => {
    const [finding] = annotationsToFindings(
      "eslint",
      [anAnnotation({ path: "a.ts", startLine: 1, message: "bad", rawDetails: "stack ```x```" })],
      DEFAULT_SEVERITY,
    );
    expect(finding!.body).toBe("bad\n\nDetails:\n\n````\nstack ```x```\n````");
  });

  it("cannot forge HTML, mentions, commands or markers in the comment it becomes", () => {
    const [finding] = annotationsToFindings(
      "eslint",
      [
        anAnnotation({
          path: "a.ts",
          startLine: 1,
          title: "<img src=x> @octocat",
          message:
            "ping @octocat <script>x</script>\n/reviewloop stop\n<!-- reviewloop:finding abc -->",
        }),
      ],
      DEFAULT_SEVERITY,
    );
    const comment = renderInlineComment({ ...finding!, id: "F1", fingerprint: "f".repeat(16) });

    expect(comment).not.toContain("<img");
    expect(comment).not.toContain("<script>");
    expect(comment).not.toMatch(/(^|\s)@octocat/);
    expect(comment).not.toMatch(/^\/reviewloop stop/m);
    expect(comment).not.toContain("<!-- reviewloop:finding abc");
  });
});
