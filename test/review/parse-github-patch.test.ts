import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseGitDiff } from "../../src/review/parse-git-diff.ts";
import { parseGithubPatch } from "../../src/review/parse-github-patch.ts";
import { splitGithubPatches } from "../fixtures/diffs/split-patches.ts";

const fixturesDir = new URL("../fixtures/diffs/", import.meta.url);
const fixtureNames = readdirSync(fixturesDir).filter((n) => n.endsWith(".diff"));

const GITHUB_STATUS = {
  added: "added",
  deleted: "removed",
  modified: "modified",
  renamed: "renamed",
  copied: "copied",
};

describe("review/parse-github-patch", () => {
  describe("with the patch of every git fixture", () => {
    it.each(fixtureNames)("gives the same hunks as the full git diff (%s)", (name) => {
      const diff = readFileSync(new URL(name, fixturesDir), "utf8");
      const files = parseGitDiff(diff);
      const patches = splitGithubPatches(diff);

      files.forEach((file, k) => {
        const patch = patches[k];
        if (patch === null) return;
        const parsed = parseGithubPatch({
          filename: file.path,
          previous_filename: file.oldPath ?? undefined,
          status: GITHUB_STATUS[file.status],
          patch,
          additions: file.additions,
          deletions: file.deletions,
          changes: file.additions + file.deletions,
        });

        expect(parsed.hunks).toEqual(file.hunks);
        expect(parsed).toMatchObject({
          path: file.path,
          oldPath: file.oldPath,
          status: file.status,
        });
        expect([parsed.additions, parsed.deletions]).toEqual([file.additions, file.deletions]);
      });
    });
  });

  describe("with a patch that ends in a newline", () => {
    it("does not read the trailing empty line as context", () => {
      const file = parseGithubPatch({
        filename: "a",
        status: "modified",
        patch: "@@ -1 +1,2 @@\n a\n+b\n",
      });

      expect(file.hunks[0].lines.map((l) => l.content)).toEqual(["a", "b"]);
    });
  });

  describe("with a context line whose leading space was stripped", () => {
    it("reads the empty line as an empty context line", () => {
      const file = parseGithubPatch({
        filename: "a",
        status: "modified",
        patch: "@@ -1,3 +1,3 @@\n a\n\n-c\n+C",
      });

      expect(file.hunks[0].lines.map((l) => [l.kind, l.oldLine, l.newLine])).toEqual([
        ["context", 1, 1],
        ["context", 2, 2],
        ["del", 3, null],
        ["add", null, 3],
      ]);
    });
  });

  describe("with GitHub statuses", () => {
    it.each([
      ["added", "added"],
      ["removed", "deleted"],
      ["modified", "modified"],
      ["renamed", "renamed"],
      ["copied", "copied"],
      ["changed", "modified"],
      ["unchanged", "modified"],
    ])("maps %s to %s", (status, expected) => {
      expect(parseGithubPatch({ filename: "x", status, patch: "" }).status).toBe(expected);
    });

    it("keeps the previous name of a renamed file", () => {
      const file = parseGithubPatch({
        filename: "b.ts",
        previous_filename: "a.ts",
        status: "renamed",
        changes: 0,
      });

      expect(file).toMatchObject({ path: "b.ts", oldPath: "a.ts", binary: false, hunks: [] });
    });
  });

  describe("without a patch", () => {
    it("takes a file with no counted lines for binary", () => {
      const file = parseGithubPatch({
        filename: "logo.png",
        status: "added",
        additions: 0,
        deletions: 0,
        changes: 0,
      });

      expect(file).toMatchObject({ binary: true, patchMissing: true, hunks: [] });
    });

    it("takes a file with counted lines for a large text file and keeps the counts", () => {
      const file = parseGithubPatch({
        filename: "data.json",
        status: "modified",
        additions: 40_000,
        deletions: 2,
        changes: 40_002,
      });

      expect(file).toMatchObject({
        binary: false,
        patchMissing: true,
        additions: 40_000,
        deletions: 2,
      });
    });

    it("does not take a pure rename or a mode change for binary", () => {
      const rename = parseGithubPatch({
        filename: "b",
        previous_filename: "a",
        status: "renamed",
        additions: 0,
        deletions: 0,
        changes: 0,
      });
      const mode = parseGithubPatch({
        filename: "run.sh",
        status: "changed",
        additions: 0,
        deletions: 0,
        changes: 0,
      });

      expect(rename.binary).toBe(false);
      expect(mode.binary).toBe(false);
    });

    it("does not guess binary when GitHub sent no counts", () => {
      expect(parseGithubPatch({ filename: "x", status: "modified" })).toMatchObject({
        binary: false,
        patchMissing: true,
      });
    });
  });
});
