import { describe, expect, it } from "vitest";
import { filesFromDiff } from "./diff-to-files.ts";
import { SAMPLE_DIFF } from "./fixtures.ts";
import { readPatchHunks } from "./patch-lines.ts";
import { removeRightLines } from "./remove-lines.ts";

const TODOS = filesFromDiff(`diff --git a/src/app.ts b/src/app.ts
--- a/src/app.ts
+++ b/src/app.ts
@@ -1,2 +1,4 @@
 export function main() {
+  // TODO: item 1
+  // TODO: item 2
 }
`);

const NEW_FILE = filesFromDiff(`diff --git a/docs/new.md b/docs/new.md
new file mode 100644
--- /dev/null
+++ b/docs/new.md
@@ -0,0 +1,2 @@
+# New
+text
`);

describe("e2e/github-simulator/removeRightLines", () => {
  it.each([
    {
      name: "one added line",
      files: TODOS,
      removals: [{ path: "src/app.ts", start: 2, end: 2 }],
      patch: "@@ -1,2 +1,3 @@\n export function main() {\n+  // TODO: item 2\n }",
      change: "@@ -2,1 +1,0 @@\n-  // TODO: item 1",
      counts: [1, 0],
    },
    {
      name: "a context line, which becomes a deletion",
      files: TODOS,
      removals: [{ path: "src/app.ts", start: 1, end: 1 }],
      patch:
        "@@ -1,2 +1,3 @@\n-export function main() {\n+  // TODO: item 1\n+  // TODO: item 2\n }",
      change: "@@ -1,1 +0,0 @@\n-export function main() {",
      counts: [2, 1],
    },
    {
      name: "two separate blocks",
      files: TODOS,
      removals: [
        { path: "src/app.ts", start: 1, end: 1 },
        { path: "src/app.ts", start: 3, end: 3 },
      ],
      patch: "@@ -1,2 +1,2 @@\n-export function main() {\n+  // TODO: item 1\n }",
      change: "@@ -1,1 +0,0 @@\n-export function main() {\n@@ -3,1 +1,0 @@\n-  // TODO: item 2",
      counts: [1, 1],
    },
  ])("removes $name", ({ files, removals, patch, change, counts }) => {
    const result = removeRightLines(files, removals);

    expect(result.files[0]?.patch).toBe(patch);
    expect([result.files[0]?.additions, result.files[0]?.deletions]).toEqual(counts);
    expect(result.changed).toEqual([
      {
        filename: "src/app.ts",
        status: "modified",
        patch: change,
        additions: 0,
        deletions: change.split("\n-").length - 1,
      },
    ]);
    expect(result.missed).toEqual([]);
  });

  it("drops a modified file left without changes", () => {
    const result = removeRightLines(TODOS, [{ path: "src/app.ts", start: 2, end: 3 }]);

    expect(result.files).toEqual([]);
    expect(result.changed[0]?.patch).toBe(
      "@@ -2,2 +1,0 @@\n-  // TODO: item 1\n-  // TODO: item 2",
    );
  });

  it("keeps an added file emptied, without a patch", () => {
    const result = removeRightLines(NEW_FILE, [{ path: "docs/new.md", start: 1, end: 2 }]);

    expect(result.files).toEqual([
      { filename: "docs/new.md", status: "added", additions: 0, deletions: 0 },
    ]);
  });

  it("shifts the later hunks of the file up", () => {
    const files = filesFromDiff(SAMPLE_DIFF);

    const result = removeRightLines(files, [{ path: "src/app.ts", start: 3, end: 3 }]);

    const app = result.files.find((file) => file.filename === "src/app.ts");
    const hunks = readPatchHunks(app?.patch ?? "");
    expect(app?.patch?.split("\n").filter((line) => line.startsWith("@@"))).toEqual([
      "@@ -1,3 +1,3 @@",
      "@@ -20,3 +20,4 @@ function f() {",
    ]);
    expect([...(hunks[1]?.right ?? [])]).toEqual([20, 21, 22, 23]);
    expect(result.files.map((file) => file.filename)).toEqual(files.map((file) => file.filename));
  });

  it("reports lines it cannot remove: outside the diff, or in a file the PR does not change", () => {
    const result = removeRightLines(TODOS, [
      { path: "src/app.ts", start: 4, end: 5 },
      { path: "src/other.ts", start: 1, end: 1 },
    ]);

    expect(result.missed).toEqual([
      { path: "src/app.ts", line: 5 },
      { path: "src/other.ts", line: 1 },
    ]);
    expect(result.removed).toEqual([{ path: "src/app.ts", line: 4 }]);
  });
});
