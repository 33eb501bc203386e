import type { Finding } from "../../src/review/finding.ts";

/** A valid finding with overridable fields, for tests of the review pipeline. */
export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: "debug-leftover",
    engine: "builtin",
    severity: "warning",
    category: "bugs",
    path: "src/a.ts",
    line: 2,
    side: "RIGHT",
    title: "Leftover debugger statement",
    body: "Remove it before merging.",
    ...overrides,
  };
}

/** A one-file `git diff` adding `added` after `contextBefore` lines of context at `start`. */
export function diffAdding(
  path: string,
  start: number,
  contextBefore: string[],
  added: string[],
): string {
  const header = `diff --git a/${path} b/${path}\nindex 1111111..2222222 100644\n--- a/${path}\n+++ b/${path}\n`;
  const hunk = `@@ -${start},${contextBefore.length} +${start},${contextBefore.length + added.length} @@\n`;
  const body = [...contextBefore.map((l) => ` ${l}`), ...added.map((l) => `+${l}`)].join("\n");
  return `${header}${hunk}${body}\n`;
}
