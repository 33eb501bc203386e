import { describe, expect, it } from "vitest";
import { todoCommentRule } from "../../../../src/engines/builtin/rules/todo-comment.ts";
import { makeAddedFile, makeDiffFile } from "../make-diff.ts";
import { runRule } from "../run-rule.ts";

describe("engines/builtin/rules/todo-comment", () => {
  describe.each([
    { path: "src/a.ts", line: "// TODO: handle the empty case", marker: "TODO" },
    {
      path: "src/a.ts",
      line: "const x = compute(); // FIXME wrong for negatives",
      marker: "FIXME",
    },
    { path: "src/a.ts", line: "/* HACK: work around upstream bug */", marker: "HACK" },
    { path: "src/a.ts", line: " * XXX this is quadratic", marker: "XXX" },
    { path: "app/a.py", line: "x = 1  # TODO remove after migration", marker: "TODO" },
    { path: "db/schema.sql", line: "-- FIXME: add an index", marker: "FIXME" },
    { path: "docs/guide.md", line: "<!-- TODO: screenshot -->", marker: "TODO" },
    { path: "config.yml", line: "retries: 3 # TODO tune", marker: "TODO" },
  ])("with `$line` added to $path", ({ path, line, marker }) => {
    it("reports an info finding for the marker", async () => {
      const findings = await runRule(todoCommentRule, [makeAddedFile(path, ["first", line])]);

      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        ruleId: "todo-comment",
        severity: "info",
        category: "maintainability",
        line: 2,
      });
      expect(findings[0]!.title).toContain(marker);
    });
  });

  it("does not quote the comment, which could hold anything", async () => {
    const findings = await runRule(todoCommentRule, [
      makeAddedFile("a.ts", ["// TODO rotate hunter2-password-value"]),
    ]);

    expect(findings[0]!.body).not.toContain("hunter2");
  });

  describe("without a marker in a comment", () => {
    it.each([
      ["src/a.ts", "const todoList = [];"],
      ["src/a.ts", 'const label = "TODO";'],
      ["src/a.ts", "// todo: lower-case is prose"],
      ["src/a.ts", "// call XXX-XXXX for support"],
      ["docs/guide.md", "TODO list app tutorial"],
      ["app/a.py", "status = 'FIXME'"],
    ])("does not flag %s: `%s`", async (path, line) => {
      expect(await runRule(todoCommentRule, [makeAddedFile(path, [line])])).toEqual([]);
    });

    it("does not flag a TODO on a context line", async () => {
      const file = makeDiffFile({ path: "a.ts", lines: [" // TODO old", "+const a = 1;"] });

      expect(await runRule(todoCommentRule, [file])).toEqual([]);
    });
  });
});
