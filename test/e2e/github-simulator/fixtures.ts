/** Sample data for the simulator's own tests and for e2e tests that need a realistic PR. */

/**
 * `git diff` output with a two-hunk modification, a new file, a rename with a change and a
 * binary file. In `src/app.ts` the commentable lines are RIGHT 1–4 and 21–24, LEFT 1–3 and
 * 20–22 (two hunks: a range from line 2 to 22 crosses them).
 */
export const SAMPLE_DIFF = `diff --git a/src/app.ts b/src/app.ts
index 1111111..2222222 100644
--- a/src/app.ts
+++ b/src/app.ts
@@ -1,3 +1,4 @@
 import a from "a";
-const x = 1;
+const x = 2;
+const y = 3;
 export { x };
@@ -20,3 +21,4 @@ function f() {
   return 1;
+  // added
 }
 end
diff --git a/docs/new.md b/docs/new.md
new file mode 100644
index 0000000..3333333
--- /dev/null
+++ b/docs/new.md
@@ -0,0 +1,2 @@
+# New
+text
diff --git a/lib/old-name.ts b/lib/new-name.ts
similarity index 90%
rename from lib/old-name.ts
rename to lib/new-name.ts
index 4444444..5555555 100644
--- a/lib/old-name.ts
+++ b/lib/new-name.ts
@@ -5,2 +5,2 @@
 keep();
-oldCall();
+newCall();
diff --git a/assets/logo.png b/assets/logo.png
index 6666666..7777777 100644
Binary files a/assets/logo.png and b/assets/logo.png differ
`;

export const BASE_SHA = "a".repeat(40);
export const HEAD_SHA = "b".repeat(40);
export const NEXT_SHA = "c".repeat(40);

/** A file entry with a one-line patch, for PRs with many files. */
export function oneLineFile(index: number) {
  return {
    filename: `gen/file-${String(index).padStart(4, "0")}.txt`,
    status: "added" as const,
    patch: "@@ -0,0 +1 @@\n+line",
    additions: 1,
    deletions: 0,
  };
}
