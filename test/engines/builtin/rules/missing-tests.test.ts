import { describe, expect, it } from "vitest";
import { missingTestsRule } from "../../../../src/engines/builtin/rules/missing-tests.ts";
import { makeAddedFile, makeDiffFile, makeModifiedFile } from "../make-diff.ts";
import { runRule } from "../run-rule.ts";

describe("engines/builtin/rules/missing-tests", () => {
  describe("with source changed and no test changed", () => {
    it("reports one info finding at the first source file's first added line", async () => {
      const files = [
        makeModifiedFile("README.md", ["docs"], 3),
        makeModifiedFile("src/a.ts", ["export const a = 2;"], 14),
        makeModifiedFile("src/b.ts", ["export const b = 3;"], 7),
      ];

      const findings = await runRule(missingTestsRule, files);

      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        ruleId: "missing-tests",
        severity: "info",
        category: "tests",
        path: "src/a.ts",
        line: 14,
      });
      expect(findings[0]!.body).toContain("src/b.ts");
    });
  });

  describe("with a test changed", () => {
    it.each([
      "test/a.test.ts",
      "tests/test_models.py",
      "src/__tests__/a.ts",
      "spec/models/user_spec.rb",
      "src/a.spec.tsx",
      "pkg/store/store_test.go",
      "app/test_views.py",
    ])("does not flag source changed alongside %s", async (testPath) => {
      const files = [makeModifiedFile("src/a.ts", ["x"]), makeModifiedFile(testPath, ["y"])];

      expect(await runRule(missingTestsRule, files)).toEqual([]);
    });
  });

  describe("without source changes that call for tests", () => {
    it.each([
      [
        "docs and config only",
        ["README.md", "docs/guide.md", "package.json", ".github/workflows/ci.yml"],
      ],
      ["tool configuration", ["vitest.config.ts", "src/types.d.ts", ".eslintrc.cjs"]],
    ])("does not flag %s", async (_label, paths) => {
      const files = paths.map((path) => makeModifiedFile(path, ["x"]));

      expect(await runRule(missingTestsRule, files)).toEqual([]);
    });

    it("does not flag source files that only lost lines", async () => {
      const file = makeDiffFile({ path: "src/a.ts", lines: [" const a = 1;", "-const b = 2;"] });

      expect(await runRule(missingTestsRule, [file])).toEqual([]);
    });
  });

  it("does not count a deleted test as a test change", async () => {
    const files = [
      makeAddedFile("src/a.ts", ["export const a = 1;"]),
      makeDiffFile({ path: "test/a.test.ts", status: "deleted", lines: ["-it('x', () => {});"] }),
    ];

    expect(await runRule(missingTestsRule, files)).toHaveLength(1);
  });

  it("with a paths filter, still sees tests outside those paths", async () => {
    const files = [makeModifiedFile("src/a.ts", ["x"]), makeModifiedFile("test/a.test.ts", ["y"])];

    expect(
      await runRule(missingTestsRule, files, { rules: { "missing-tests": { paths: ["src/**"] } } }),
    ).toEqual([]);
  });
});
