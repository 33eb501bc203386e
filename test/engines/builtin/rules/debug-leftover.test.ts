import { describe, expect, it } from "vitest";
import { debugLeftoverRule } from "../../../../src/engines/builtin/rules/debug-leftover.ts";
import { makeAddedFile, makeModifiedFile } from "../make-diff.ts";
import { runRule } from "../run-rule.ts";

describe("engines/builtin/rules/debug-leftover", () => {
  describe.each([
    { path: "src/a.ts", line: "  console.log(user);", label: "console.log" },
    { path: "src/a.tsx", line: "console.debug('state', state)", label: "console.debug" },
    { path: "lib/a.js", line: "  console.trace();", label: "console.trace" },
    { path: "src/a.ts", line: "  debugger;", label: "debugger" },
    { path: "app/models.py", line: "    print(payload)", label: "print" },
    { path: "app/models.py", line: "    breakpoint()", label: "breakpoint" },
    { path: "app/models.py", line: "    import pdb; pdb.set_trace()", label: "pdb" },
    { path: "app/models/user.rb", line: "    binding.pry", label: "binding.pry" },
    { path: "internal/store/db.go", line: '\tprintln("here", n)', label: "println" },
    { path: "src/lib.rs", line: "    let x = dbg!(a + b);", label: "dbg!" },
    { path: "src/Controller.php", line: "var_dump($request);", label: "var_dump" },
  ])("with `$line` added to $path", ({ path, line, label }) => {
    it("reports a style warning naming the call", async () => {
      const findings = await runRule(debugLeftoverRule, [makeModifiedFile(path, [line], 20)]);

      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        ruleId: "debug-leftover",
        severity: "warning",
        category: "style",
        path,
        line: 20,
      });
      expect(findings[0]!.title).toContain(label);
    });
  });

  describe("in files where printing is expected", () => {
    it.each([
      "src/a.test.ts",
      "src/__tests__/a.ts",
      "test/helpers.ts",
      "tests/test_models.py",
      "scripts/release.ts",
      "bin/run.js",
      "src/cli/main.ts",
      "cmd/server/main.go",
      "examples/basic.js",
      "pkg/__main__.py",
    ])("does not flag %s", async (path) => {
      const file = makeAddedFile(path, ["console.log('x');", "print('x')", "println(x)"]);

      expect(await runRule(debugLeftoverRule, [file])).toEqual([]);
    });
  });

  describe("without a debug leftover", () => {
    it.each([
      ["src/a.ts", "console.error('failed', error);"],
      ["src/a.ts", "console.warn('deprecated');"],
      ["src/a.ts", "logger.log('info', 'started');"],
      ["src/a.ts", "// console.log(user);"],
      ["src/a.ts", " * console.log(example) in a doc comment"],
      ["src/a.ts", "const debuggerEnabled = true;"],
      ["app/a.py", "# print(x)"],
      ["app/a.py", "self.print_report()"],
      ["app/a.py", "pprint(x)"],
      ["internal/a.go", 'fmt.Println("listening on", addr)'],
      ["internal/a.go", 'log.Println("x")'],
      ["README.md", "console.log('usage example')"],
    ])("does not flag %s: `%s`", async (path, line) => {
      expect(await runRule(debugLeftoverRule, [makeAddedFile(path, [line])])).toEqual([]);
    });
  });
});
