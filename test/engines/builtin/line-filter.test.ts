import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUILTIN_RULES } from "../../../src/engines/builtin/rules/index.ts";
import { runRules } from "../../../src/engines/builtin/run-rules.ts";
import type { FileRule } from "../../../src/engines/builtin/types.ts";
import type { DiffFile } from "../../../src/review/diff-types.ts";
import { makeAddedFile, makeModifiedFile } from "./make-diff.ts";

const FILTERED = BUILTIN_RULES.filter(
  (rule): rule is FileRule => rule.scope === "file" && rule.lineFilter !== undefined,
);

const PATHS = [
  "src/app.ts",
  "src/view.jsx",
  "lib/util.py",
  "app/models/user.rb",
  "pkg/server/main.go",
  "src/lib.rs",
  "web/index.php",
  "docs/guide.md",
  "styles/site.css",
  "db/schema.sql",
  "test/app.test.ts",
  "scripts/release.ts",
  "src/cli.ts",
  "Makefile",
  "notes.txt",
];

/** Pieces of lines that trigger, nearly trigger or hide the line rules' patterns. */
const FRAGMENTS = [
  "console.log(x);",
  "console.debug (a)",
  "console.info(y)",
  "debugger;",
  "debugger",
  "print(x)",
  "println(1)",
  "fmt.Println(x)",
  "breakpoint()",
  "import pdb",
  "import ipdb; ipdb.set_trace()",
  "binding.pry",
  "byebug",
  "dbg!(v)",
  "var_dump($a);",
  "dd($x)",
  "$this->dd(1)",
  "it.only('a', () => {})",
  "describe.only(",
  "fit('x', f)",
  'fdescribe("y"',
  "model.fit(x)",
  "def fit(self):",
  "TODO: later",
  "FIXME",
  "XXX",
  "HACK",
  "todoList",
  "<<<<<<< HEAD",
  "=======",
  "|||||||",
  ">>>>>>> feature",
  "<<<<<<<",
  "// ",
  "# ",
  "/* ",
  "<!-- ",
  "-- ",
  " * ",
  '"',
  "'",
  "`",
  "  ",
  "const a = 1;",
  "only",
];

const lineArb = fc
  .array(fc.constantFrom(...FRAGMENTS), { minLength: 0, maxLength: 4 })
  .map((parts) => parts.join(""));
const fileArb = fc
  .tuple(
    fc.constantFrom(...PATHS),
    fc.array(lineArb, { minLength: 1, maxLength: 12 }),
    fc.boolean(),
  )
  .map(([path, lines, added]) =>
    added ? makeAddedFile(path, lines) : makeModifiedFile(path, lines, 20),
  );
const diffArb = fc.uniqueArray(fileArb, { minLength: 1, maxLength: 8, selector: (f) => f.path });

async function findings(rule: FileRule, files: DiffFile[]) {
  const result = await runRules([rule], { files });
  expect(result.errors).toEqual([]);
  return result.findings;
}

describe("engines/builtin line filters", () => {
  it("are set on the line-by-line rules, as patterns without the g flag", () => {
    expect(FILTERED.map((rule) => rule.id).sort()).toEqual([
      "conflict-marker",
      "debug-leftover",
      "focused-test",
      "todo-comment",
    ]);
    for (const rule of FILTERED) {
      for (const path of PATHS) expect(rule.lineFilter!(path)?.global ?? false).toBe(false);
    }
  });

  describe.each(FILTERED.map((rule) => [rule.id, rule] as const))("for %s", (_id, rule) => {
    const unfiltered: FileRule = { ...rule, lineFilter: undefined };

    it("change no finding, on random lines made of triggers, near misses and comments", async () => {
      let reported = 0;
      await fc.assert(
        fc.asyncProperty(diffArb, async (files) => {
          const fast = await findings(rule, files);
          expect(fast).toEqual(await findings(unfiltered, files));
          reported += fast.length;
        }),
        { numRuns: 150 },
      );
      // The comparison is only meaningful if the rule actually reported things.
      expect(reported).toBeGreaterThan(0);
    });
  });
});
