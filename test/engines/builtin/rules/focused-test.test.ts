import { describe, expect, it } from "vitest";
import { focusedTestRule } from "../../../../src/engines/builtin/rules/focused-test.ts";
import { makeAddedFile, makeDiffFile } from "../make-diff.ts";
import { runRule } from "../run-rule.ts";

describe("engines/builtin/rules/focused-test", () => {
  describe.each([
    { line: '  it.only("adds", () => {', fixed: '  it("adds", () => {' },
    { line: 'describe.only("math", () => {', fixed: 'describe("math", () => {' },
    { line: "test.only('x', async () => {});", fixed: "test('x', async () => {});" },
    {
      line: 'context.only("when empty", function () {',
      fixed: 'context("when empty", function () {',
    },
    { line: 'test.describe.only("page", () => {', fixed: 'test.describe("page", () => {' },
    { line: '  fit("adds", () => {', fixed: '  it("adds", () => {' },
    { line: "fdescribe('math', () => {", fixed: "describe('math', () => {" },
    { line: 'fcontext("when empty", () => {', fixed: 'context("when empty", () => {' },
  ])("with `$line` added", ({ line, fixed }) => {
    it("reports a critical tests finding with a suggestion that removes the focus", async () => {
      const file = makeAddedFile("src/math.test.ts", ["import { it } from 'vitest';", line]);

      const findings = await runRule(focusedTestRule, [file]);

      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        ruleId: "focused-test",
        severity: "critical",
        category: "tests",
        line: 2,
        suggestion: fixed,
      });
    });
  });

  it("flags focused tests in any file, not only test files", async () => {
    const file = makeAddedFile("src/helpers.js", ['it.only("x", () => {});']);

    expect(await runRule(focusedTestRule, [file])).toHaveLength(1);
  });

  describe("without a focused test", () => {
    it.each([
      "model.fit(x_train, y_train)",
      "def fit(self, X, y):",
      "const fit = computeFit(data);",
      "fit(width, height);",
      "object-fit(cover)",
      "// it.only('temporarily', () => {})",
      "it.skip('later', () => {});",
      "const only = items.only(1);",
    ])("does not flag `%s`", async (line) => {
      const file = makeAddedFile("src/model.test.ts", [line]);

      expect(await runRule(focusedTestRule, [file])).toEqual([]);
    });

    it("does not flag a focused test on a context line", async () => {
      const file = makeDiffFile({
        path: "a.test.ts",
        lines: [' it.only("x", () => {', "+  expect(1).toBe(1);"],
      });

      expect(await runRule(focusedTestRule, [file])).toEqual([]);
    });
  });
});
