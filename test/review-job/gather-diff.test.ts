import { describe, expect, it } from "vitest";
import type { Comparison, PullRequestReader } from "../../src/github/pull-request-reader.ts";
import { gatherDiff } from "../../src/review-job/gather-diff.ts";

const ref = { owner: "o", repo: "r", pullNumber: 1 };
const pr = { headSha: "h2", baseSha: "base" };
const files = [
  {
    filename: "a.ts",
    status: "modified",
    additions: 1,
    deletions: 0,
    patch: "@@ -1 +1,2 @@\n a\n+b",
  },
  { filename: "b.ts", status: "added", additions: 1, deletions: 0, patch: "@@ -0,0 +1 @@\n+c" },
];

function reader(comparison: Comparison | null): PullRequestReader & { compared: number } {
  const fake = {
    compared: 0,
    getPullRequest: () => Promise.reject(new Error("not used")),
    listFiles: async () => ({ files, truncated: false }),
    compareCommits: async () => {
      fake.compared++;
      return comparison;
    },
  };
  return fake;
}

describe("review-job/gatherDiff", () => {
  describe("on the first pass", () => {
    it("reviews every file from the base without comparing", async () => {
      const pulls = reader(null);

      const diff = await gatherDiff(pulls, ref, pr, null);

      expect([diff.mode, diff.base, diff.reviewFiles.length, pulls.compared]).toEqual([
        "full",
        "base",
        2,
        0,
      ]);
    });
  });

  describe("when the last reviewed head is an ancestor", () => {
    it("reviews only the changed files and lists the others as unchanged", async () => {
      const diff = await gatherDiff(
        reader({ status: "ahead", files: [files[1]!], truncated: false }),
        ref,
        pr,
        "h1",
      );

      expect(diff.mode).toBe("incremental");
      expect(diff.base).toBe("h1");
      expect(diff.reviewFiles.map((f) => f.path)).toEqual(["b.ts"]);
      expect(diff.unchanged).toEqual([
        { path: "a.ts", reason: "unchanged since h1 (incremental pass)" },
      ]);
    });
  });

  describe.each([
    ["the old sha is gone (404)", null],
    ["the branch diverged", { status: "diverged", files: [], truncated: false } as Comparison],
    ["the comparison hit 300 files", { status: "ahead", files: [], truncated: true } as Comparison],
  ])("when %s", (_name, comparison) => {
    it("reviews in full", async () => {
      const diff = await gatherDiff(reader(comparison), ref, pr, "h1");

      expect([diff.mode, diff.base, diff.reviewFiles.length]).toEqual(["full", "base", 2]);
    });
  });
});
