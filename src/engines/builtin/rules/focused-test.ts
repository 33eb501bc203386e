import { getCommentSyntax, splitComment } from "../split-comment.ts";
import type { FileRule, RuleHit } from "../types.ts";

/** `describe.only(`, `it.only(`, `test.only(`, `context.only(`, `suite.only(` (mocha/jest/vitest/playwright). */
const ONLY_CALL = /(?<![\w$])(?:describe|it|test|context|suite|specify)\.only\s*\(/;

/**
 * Jasmine/Jest focus functions. `fit(` is also a common method name (`model.fit(`) and a Python
 * function (`def fit(`), so a call only counts when not preceded by `.` or a word and when its
 * first argument is a string literal, as test titles are.
 */
const FOCUS_FUNCTION = /(?<![\w$.])(fit|fdescribe|fcontext)\s*\(\s*["'`]/;

/** Each pattern above needs one of these words; most lines have none. */
const CANDIDATE = /only|f(?:it|describe|context)/;

/**
 * The line filter: `.only`, or a `(` right after a focus function. Searching for `(` and looking
 * back is about four times faster than searching for `fit` (an `f` is in most lines of code).
 */
const CANDIDATE_CALL = /\.only|(?<=(?:fit|fdescribe|fcontext)\s*)\(/;

/** Focused tests (`.only`, `fit`, `fdescribe`, `fcontext`): the rest of the suite silently stops running. */
export const focusedTestRule: FileRule = {
  id: "focused-test",
  scope: "file",
  defaultSeverity: "critical",
  category: "tests",
  description:
    "Focused tests (.only(, fit(, fdescribe(, fcontext() that make the runner skip every other test.",
  lineFilter: () => CANDIDATE_CALL,
  checkFile(file) {
    const syntax = getCommentSyntax(file.path);
    const hits: RuleHit[] = [];
    for (const line of file.addedLines) {
      if (!CANDIDATE.test(line.content)) continue;
      const { code } = splitComment(line.content, syntax);
      const only = ONLY_CALL.exec(code);
      const match = only ?? FOCUS_FUNCTION.exec(code);
      if (match === null) continue;
      const call = only !== null ? match[0].replace(/\s*\($/, "") : match[1]!;
      const unfocused = only !== null ? match[0].replace(/\.only/, "") : match[0].replace(/^f/, "");
      const suggestion =
        line.content.slice(0, match.index) +
        unfocused +
        line.content.slice(match.index + match[0].length);
      hits.push({
        path: file.path,
        line: line.newLine,
        title: `Focused test: \`${call}\``,
        body:
          `\`${call}\` makes the test runner run only this test or suite and skip the rest, so ` +
          "the suite passes without running most tests. Remove the focus " +
          "(`.only` → plain call, `fit`/`fdescribe`/`fcontext` → `it`/`describe`/`context`).",
        suggestion,
      });
    }
    return hits;
  },
};
