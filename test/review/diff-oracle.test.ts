import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildCommentableIndex } from "../../src/review/commentable-lines.ts";
import type { DiffFile } from "../../src/review/diff-types.ts";
import { parseGitDiff } from "../../src/review/parse-git-diff.ts";
import { parseGithubPatch } from "../../src/review/parse-github-patch.ts";
import { splitGithubPatches } from "../fixtures/diffs/split-patches.ts";

// ---- the model: files as lines plus their line ending, or raw bytes for binary files ----

interface TextFile {
  kind: "text";
  lines: string[];
  crlf: boolean;
  finalNewline: boolean;
}
interface BinaryFile {
  kind: "binary";
  bytes: number[];
}
type FileModel = TextFile | BinaryFile;

const NAMES = [
  "a.txt",
  "src/b.ts",
  "sp ace.txt",
  "ä.txt",
  "dir/ö ü.md",
  'q"uote.txt',
  "tab\tname.txt",
  "日本.txt",
  "-dash.txt",
  "x/y/z.js",
  "two  spaces.txt",
  "back\\slash.txt",
];

// Lines that look like diff syntax on purpose; none holds `\n` or `\r`.
const lineArb = fc.constantFrom(
  "alpha",
  "beta",
  "gamma",
  "fn();",
  "",
  "  indented",
  "-- a/x",
  "++ b/x",
  "@@ -1 +1 @@",
  "\\ No newline at end of file",
  "diff --git a/q b/q",
  "ä ö ü",
  "tab\there",
  "trailing ",
);

const textArb: fc.Arbitrary<TextFile> = fc.record({
  kind: fc.constant("text" as const),
  lines: fc.array(lineArb, { maxLength: 25 }),
  crlf: fc.boolean(),
  finalNewline: fc.boolean(),
});

const editArb = fc.record({
  edits: fc.array(
    fc.record({ at: fc.nat(), del: fc.nat(3), ins: fc.array(lineArb, { maxLength: 3 }) }),
    { maxLength: 4 },
  ),
  toggleNewline: fc.boolean(),
  toggleCrlf: fc.constantFrom(false, false, false, true),
});

const opArb = fc.oneof(
  fc.record({ op: fc.constant("keep" as const) }),
  fc.record({ op: fc.constant("edit" as const), edit: editArb }),
  fc.record({ op: fc.constant("delete" as const) }),
  fc.record({ op: fc.constant("rename" as const), edit: fc.option(editArb) }),
);

const scenarioArb = fc.record({
  names: fc.shuffledSubarray(NAMES, { minLength: 1, maxLength: 7 }),
  bases: fc.array(textArb, { minLength: 7, maxLength: 7 }),
  ops: fc.array(opArb, { minLength: 7, maxLength: 7 }),
  added: fc.array(textArb, { maxLength: 2 }),
  binary: fc.option(
    fc.record({
      base: fc.array(fc.nat(255), { minLength: 1, maxLength: 20 }),
      head: fc.array(fc.nat(255), { minLength: 1, maxLength: 20 }),
    }),
  ),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

type EditSpec = typeof editArb extends fc.Arbitrary<infer T> ? T : never;

function applyEdit(file: TextFile, edit: EditSpec): TextFile {
  const lines = [...file.lines];
  for (const { at, del, ins } of edit.edits) {
    lines.splice(at % (lines.length + 1), del, ...ins);
  }
  return {
    kind: "text",
    lines,
    crlf: edit.toggleCrlf ? !file.crlf : file.crlf,
    finalNewline: edit.toggleNewline ? !file.finalNewline : file.finalNewline,
  };
}

/** Base and head trees of a scenario, as path → model. */
function buildTrees(s: Scenario): { base: Map<string, FileModel>; head: Map<string, FileModel> } {
  const base = new Map<string, FileModel>();
  const head = new Map<string, FileModel>();
  const free = NAMES.filter((n) => !s.names.includes(n));
  s.names.forEach((name, k) => {
    const file = s.bases[k];
    const op = s.ops[k];
    base.set(name, file);
    if (op.op === "keep") head.set(name, file);
    else if (op.op === "edit") head.set(name, applyEdit(file, op.edit));
    else if (op.op === "rename") {
      const target = free.shift();
      const next = op.edit ? applyEdit(file, op.edit) : file;
      head.set(target ?? name, next);
    }
  });
  for (const file of s.added) {
    const name = free.shift();
    if (name) head.set(name, file);
  }
  if (s.binary) {
    base.set("bin/blob.bin", { kind: "binary", bytes: [0, ...s.binary.base] });
    head.set("bin/blob.bin", { kind: "binary", bytes: [0, ...s.binary.head] });
  }
  return { base, head };
}

function serialize(file: FileModel): Buffer {
  if (file.kind === "binary") return Buffer.from(file.bytes);
  const eol = file.crlf ? "\r\n" : "\n";
  const text = file.lines.join(eol) + (file.finalNewline && file.lines.length > 0 ? eol : "");
  return Buffer.from(text, "utf8");
}

/** The file's lines as git counts them: split on `\n`, without the line ending (`\r\n` too). */
function realLines(file: FileModel): { lines: string[]; endsWithNewline: boolean } {
  const text = serialize(file).toString("utf8");
  const parts = text.split("\n");
  const endsWithNewline = text.endsWith("\n");
  if (endsWithNewline || text === "") parts.pop();
  return { lines: parts.map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l)), endsWithNewline };
}

// ---- git ----

const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" };

function git(cwd: string, args: string[]): string {
  const r = spawnSync(
    "git",
    [
      "-c",
      "core.autocrlf=false",
      "-c",
      "core.quotePath=true",
      "-c",
      "user.name=t",
      "-c",
      "user.email=t@t",
      ...args,
    ],
    { cwd, encoding: "utf8", env: GIT_ENV, maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

function commitTree(dir: string, tree: Map<string, FileModel>, message: string): void {
  git(dir, ["rm", "-rq", "--cached", "--ignore-unmatch", "."]);
  spawnSync(
    "find",
    [".", "-path", "./.git", "-prune", "-o", "-type", "f", "-exec", "rm", "{}", "+"],
    { cwd: dir },
  );
  for (const [name, file] of tree) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), serialize(file));
  }
  git(dir, ["add", "-A"]);
  git(dir, ["commit", "-q", "--allow-empty", "-m", message]);
}

/** `git diff --numstat -z`: path → [added, deleted] (null for binary). */
function numstat(dir: string, flags: string[]): Map<string, [number, number] | null> {
  const out = git(dir, ["diff", "--numstat", "-z", ...flags, "HEAD~1", "HEAD"]);
  const tokens = out.split("\0");
  const stats = new Map<string, [number, number] | null>();
  for (let k = 0; k < tokens.length && tokens[k] !== ""; k++) {
    const [add, del] = tokens[k].split("\t", 2);
    const path = tokens[k].slice(add.length + del.length + 2);
    // A rename's record is `add\tdel\t` followed by the old and the new path as two tokens.
    if (path === "") k += 2;
    const key = path === "" ? tokens[k] : path;
    stats.set(key, add === "-" ? null : [Number(add), Number(del)]);
  }
  return stats;
}

// ---- the checks ----

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
          git(dir, ["init", "-q"]);
          const { base, head } = buildTrees(scenario);
          commitTree(dir, base, "base");
          commitTree(dir, head, "head");

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
  });
});
