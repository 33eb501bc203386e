import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateLargeDiff } from "../../bench/generate-diff.ts";
import { buildCommentableIndex } from "../../src/review/commentable-lines.ts";
import type { DiffFile } from "../../src/review/diff-types.ts";
import { parseGitDiff } from "../../src/review/parse-git-diff.ts";
import { parseGithubPatch } from "../../src/review/parse-github-patch.ts";
import { createRepo, git, numstat, readNumstat } from "../fixtures/diffs/git-repo.ts";
import {
  buildTrees,
  type FileModel,
  realLines,
  scenarioArb,
} from "../fixtures/diffs/random-trees.ts";
import { splitGithubPatches } from "../fixtures/diffs/split-patches.ts";

const GITHUB_STATUS = {
  added: "added",
  deleted: "removed",
  modified: "modified",
  renamed: "renamed",
  copied: "copied",
};

/** What the generated diffs covered, so a weakened generator cannot pass unnoticed. */
const seen = new Set<string>();

function tally(file: DiffFile, headFile: FileModel | undefined, baseFile: FileModel | undefined) {
  seen.add(file.status);
  if (file.binary) seen.add("binary");
  if (/[^\x20-\x7e]/.test(file.path)) seen.add("non-ascii path");
  if (file.path.includes(" ")) seen.add("path with space");
  if (file.hunks.some((h) => h.lines.some((l) => l.noNewlineAtEnd))) seen.add("no newline at end");
  if ([headFile, baseFile].some((f) => f?.kind === "text" && f.crlf && f.lines.length > 0))
    seen.add("crlf");
  if (file.status === "renamed" && file.hunks.length > 0) seen.add("renamed with edits");
}

function checkAgainstTrees(
  files: DiffFile[],
  base: Map<string, FileModel>,
  head: Map<string, FileModel>,
) {
  for (const file of files) {
    const headFile = file.status === "deleted" ? undefined : head.get(file.path);
    const baseFile = file.status === "added" ? undefined : base.get(file.oldPath ?? file.path);
    expect(file.status === "deleted" || headFile !== undefined).toBe(true);
    expect(file.status === "added" || baseFile !== undefined).toBe(true);
    expect(file.binary).toBe((headFile ?? baseFile)?.kind === "binary");
    tally(file, headFile, baseFile);
    if (file.binary) continue;
    const newSide = headFile ? realLines(headFile) : { lines: [], endsWithNewline: true };
    const oldSide = baseFile ? realLines(baseFile) : { lines: [], endsWithNewline: true };
    const rebuilt: string[] = [];
    let oldCursor = 0;
    for (const hunk of file.hunks) {
      for (const line of hunk.lines) {
        if (line.newLine !== null) expect(line.content).toBe(newSide.lines[line.newLine - 1]);
        if (line.oldLine !== null) expect(line.content).toBe(oldSide.lines[line.oldLine - 1]);
        if (line.newLine === newSide.lines.length && line.kind !== "del") {
          expect(Boolean(line.noNewlineAtEnd)).toBe(!newSide.endsWithNewline);
        }
        if (line.oldLine === oldSide.lines.length && line.kind !== "add") {
          expect(Boolean(line.noNewlineAtEnd)).toBe(!oldSide.endsWithNewline);
        }
        // Replaying the hunks on the old file must give the new file.
        if (line.oldLine !== null) {
          rebuilt.push(...oldSide.lines.slice(oldCursor, line.oldLine - 1));
          oldCursor = line.oldLine;
        }
        if (line.newLine !== null) rebuilt.push(line.content);
      }
    }
    rebuilt.push(...oldSide.lines.slice(oldCursor));
    expect(rebuilt).toEqual(newSide.lines);
  }
}

function checkCounts(files: DiffFile[], stats: Map<string, [number, number] | null>) {
  expect(new Set(files.map((f) => f.path))).toEqual(new Set(stats.keys()));
  for (const file of files) {
    const stat = stats.get(file.path);
    if (stat === null) expect(file.binary).toBe(true);
    else expect([file.additions, file.deletions]).toEqual(stat);
  }
}

function checkGithubPatchesAgree(diff: string, files: DiffFile[]) {
  const patches = splitGithubPatches(diff);
  const fromGithub = files.map((file, k) =>
    parseGithubPatch({
      filename: file.path,
      previous_filename: file.oldPath ?? undefined,
      status: GITHUB_STATUS[file.status],
      patch: patches[k] ?? undefined,
      additions: file.additions,
      deletions: file.deletions,
      changes: file.additions + file.deletions,
    }),
  );
  const ours = buildCommentableIndex(files);
  const theirs = buildCommentableIndex(fromGithub);
  for (const [k, file] of files.entries()) {
    expect(fromGithub[k].hunks).toEqual(file.hunks);
    for (const side of ["LEFT", "RIGHT"] as const) {
      const lines = ours.lines(file.path, side);
      expect(theirs.lines(file.path, side)).toEqual(lines);
      for (const n of lines)
        expect(theirs.hunkOf(file.path, side, n)).toBe(ours.hunkOf(file.path, side, n));
    }
  }
}

/** With context wider than any file, every line of both versions of a changed text file is commentable. */
function checkFullContext(
  files: DiffFile[],
  base: Map<string, FileModel>,
  head: Map<string, FileModel>,
) {
  const index = buildCommentableIndex(files);
  const upTo = (n: number) => Array.from({ length: n }, (_, k) => k + 1);
  for (const file of files) {
    if (file.binary || file.hunks.length === 0) continue;
    const headFile = file.status === "deleted" ? undefined : head.get(file.path);
    const baseFile = file.status === "added" ? undefined : base.get(file.oldPath ?? file.path);
    expect(index.lines(file.path, "RIGHT")).toEqual(
      upTo(headFile ? realLines(headFile).lines.length : 0),
    );
    expect(index.lines(file.path, "LEFT")).toEqual(
      upTo(baseFile ? realLines(baseFile).lines.length : 0),
    );
    expect(file.hunks).toHaveLength(1);
  }
}

describe("review/diff parsers with git as the oracle", () => {
  it("index real git diffs exactly: contents, counts, full-context lines and GitHub patches agree", () => {
    const root = mkdtempSync(join(tmpdir(), "reviewloop-diff-oracle-"));
    let run = 0;
    try {
      fc.assert(
        fc.property(scenarioArb, (scenario) => {
          const dir = join(root, String(run++));
          mkdirSync(dir);
          const { base, head } = buildTrees(scenario);
          createRepo(dir, base, head);

          for (const flags of [[], ["-M"], ["--no-renames"]]) {
            const diff = git(dir, ["diff", ...flags, "HEAD~1", "HEAD"]);
            const files = parseGitDiff(diff);
            checkAgainstTrees(files, base, head);
            checkCounts(files, numstat(dir, flags));
            checkGithubPatchesAgree(diff, files);
          }
          const full = parseGitDiff(
            git(dir, ["diff", "--no-renames", "-U100000", "HEAD~1", "HEAD"]),
          );
          checkAgainstTrees(full, base, head);
          checkFullContext(full, base, head);
        }),
        { numRuns: 60 },
      );
      expect([...seen].sort()).toEqual(
        [
          "added",
          "binary",
          "crlf",
          "deleted",
          "modified",
          "no newline at end",
          "non-ascii path",
          "path with space",
          "renamed",
          "renamed with edits",
        ].sort(),
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    // About 500 git processes: several times the default timeout while the e2e files' app
    // processes share the 2 CPUs.
  }, 180_000);
});

describe("bench/generate-diff", () => {
  it("produces a diff that git apply reads with the same files and counts as our parser", () => {
    const diff = generateLargeDiff({ files: 300, changedLines: 6_000, seed: 7 });
    const dir = mkdtempSync(join(tmpdir(), "reviewloop-gen-diff-"));
    try {
      writeFileSync(join(dir, "gen.diff"), diff);
      const stats = readNumstat(git(dir, ["apply", "--numstat", "-z", "gen.diff"]));

      const files = parseGitDiff(diff);

      expect(files).toHaveLength(300);
      expect(generateLargeDiff({ files: 300, changedLines: 6_000, seed: 7 })).toBe(diff);
      checkCounts(files, stats);
      expect(files.reduce((n, f) => n + f.additions + f.deletions, 0)).toBeGreaterThan(5_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
