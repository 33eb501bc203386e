/**
 * Benchmark and conformance check behind the choice of diff parser (docs/diff-model.md).
 * Times `parse-diff`, `gitdiff-parser` and our `parseGitDiff` on a generated diff, and checks
 * each library against our parser (itself checked against git) on the fixtures in
 * test/fixtures/diffs/. Run: `npx node bench/diff-parse.ts [files] [changedLines]`.
 */
import { readdirSync, readFileSync } from "node:fs";
import gitdiffParserModule from "gitdiff-parser";
import parseDiff from "parse-diff";
import { buildCommentableIndex } from "../src/review/commentable-lines.ts";
import type { DiffFile } from "../src/review/diff-types.ts";
import { parseGitDiff } from "../src/review/parse-git-diff.ts";
import { generateLargeDiff } from "./generate-diff.ts";

export interface BenchDiffParseOptions {
  files?: number;
  changedLines?: number;
  seed?: number;
  /** Timed runs per parser after one warm-up run; the median is reported. */
  iterations?: number;
}

type GitdiffFile = import("gitdiff-parser").File;
// The package's types declare an ES default export, but at runtime module.exports is the parser.
const gitdiffParser = gitdiffParserModule as unknown as { parse(source: string): GitdiffFile[] };

/** The facts a review needs from a parsed file, in one shape for every parser. */
interface Normalized {
  /** added | deleted | moved (renamed or copied) | modified */
  status: string;
  path: string;
  oldPath: string;
  binary: boolean;
  rows: string[];
}

const fromOurs = (files: DiffFile[]): Normalized[] =>
  files.map((f) => ({
    status: f.status === "renamed" || f.status === "copied" ? "moved" : f.status,
    path: f.path,
    oldPath: f.oldPath ?? f.path,
    binary: f.binary,
    rows: f.hunks.flatMap((h) =>
      h.lines.map((l) => `${l.kind}|${l.oldLine}|${l.newLine}|${l.content}`),
    ),
  }));

const fromParseDiff = (files: parseDiff.File[]): Normalized[] =>
  files.map((f) => ({
    status: f.new ? "added" : f.deleted ? "deleted" : f.from !== f.to ? "moved" : "modified",
    path: (f.to === "/dev/null" ? f.from : f.to) ?? "",
    oldPath: (f.from === "/dev/null" ? f.to : f.from) ?? "",
    binary: false, // parse-diff has no binary flag
    rows: f.chunks.flatMap((c) =>
      c.changes.map((ch) => {
        const content = ch.content.slice(1).replace(/\r$/, "");
        if (ch.type === "normal") return `context|${ch.ln1}|${ch.ln2}|${content}`;
        return ch.type === "add" ? `add|null|${ch.ln}|${content}` : `del|${ch.ln}|null|${content}`;
      }),
    ),
  }));

const fromGitdiffParser = (files: GitdiffFile[]): Normalized[] =>
  files.map((f) => ({
    status: { add: "added", delete: "deleted", rename: "moved", copy: "moved", modify: "modified" }[
      f.type
    ],
    path: f.type === "delete" ? f.oldPath : f.newPath,
    oldPath: f.type === "add" ? f.newPath : f.oldPath,
    binary: Boolean(f.isBinary),
    rows: f.hunks.flatMap((h) =>
      h.changes.map((ch) => {
        const content = ch.content.replace(/\r$/, "");
        if (ch.type === "normal")
          return `context|${ch.oldLineNumber}|${ch.newLineNumber}|${content}`;
        return ch.type === "insert"
          ? `add|null|${ch.lineNumber}|${content}`
          : `del|${ch.lineNumber}|null|${content}`;
      }),
    ),
  }));

/** Which aspects a parser got wrong on one fixture, compared with our git-verified parser. */
function compare(expected: Normalized[], actual: Normalized[]): string[] {
  const problems = new Set<string>();
  if (expected.length !== actual.length) problems.add("file count");
  expected.forEach((e, k) => {
    const a = actual[k];
    if (!a) return;
    if (a.status !== e.status) problems.add("status");
    if (a.path !== e.path || a.oldPath !== e.oldPath) problems.add("paths");
    if (a.binary !== e.binary) problems.add("binary flag");
    if (a.rows.join("\n") !== e.rows.join("\n")) problems.add("lines");
  });
  return [...problems];
}

function conformance(): Record<string, Record<string, string[]>> {
  const dir = new URL("../test/fixtures/diffs/", import.meta.url);
  const report: Record<string, Record<string, string[]>> = {
    "parse-diff": {},
    "gitdiff-parser": {},
  };
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".diff"))) {
    const text = readFileSync(new URL(name, dir), "utf8");
    const expected = fromOurs(parseGitDiff(text));
    const cases: [string, () => Normalized[]][] = [
      ["parse-diff", () => fromParseDiff(parseDiff(text))],
      ["gitdiff-parser", () => fromGitdiffParser(gitdiffParser.parse(text))],
    ];
    for (const [lib, run] of cases) {
      let problems: string[];
      try {
        problems = compare(expected, run());
      } catch (error) {
        problems = [`threw: ${(error as Error).message}`];
      }
      if (problems.length > 0) report[lib][name.replace(/\.diff$/, "")] = problems;
    }
  }
  return report;
}

function time(run: () => unknown, iterations: number): { medianMs: number; minMs: number } {
  run();
  const samples: number[] = [];
  for (let k = 0; k < iterations; k++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return { medianMs: round(samples[Math.floor(samples.length / 2)]), minMs: round(samples[0]) };
}

/** Runs the benchmark and the conformance check; returns a JSON-ready report. */
export async function benchDiffParse(opts: BenchDiffParseOptions = {}): Promise<object> {
  const files = opts.files ?? 2_000;
  const changedLines = opts.changedLines ?? 100_000;
  const iterations = opts.iterations ?? 15;
  const text = generateLargeDiff({ files, changedLines, seed: opts.seed ?? 1 });
  const parsed = parseGitDiff(text);
  const timings = {
    ours: time(() => parseGitDiff(text), iterations),
    "parse-diff": time(() => parseDiff(text), iterations),
    "gitdiff-parser": time(() => gitdiffParser.parse(text), iterations),
    oursParseAndIndex: time(() => buildCommentableIndex(parseGitDiff(text)), iterations),
  };
  return {
    input: {
      files: parsed.length,
      changedLines: parsed.reduce((n, f) => n + f.additions + f.deletions, 0),
      diffLines: text.split("\n").length,
      megabytes: Math.round((text.length / 1e6) * 100) / 100,
    },
    iterations,
    timings,
    oursRelativeToParseDiff:
      Math.round((timings.ours.medianMs / timings["parse-diff"].medianMs) * 100) / 100,
    oursRelativeToGitdiffParser:
      Math.round((timings.ours.medianMs / timings["gitdiff-parser"].medianMs) * 100) / 100,
    conformance: conformance(),
    node: process.version,
  };
}

if (import.meta.main) {
  const [files, changedLines] = process.argv.slice(2).map(Number);
  const report = await benchDiffParse({
    files: files || undefined,
    changedLines: changedLines || undefined,
  });
  console.log(JSON.stringify(report, null, 2));
}
