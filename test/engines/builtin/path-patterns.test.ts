import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findIgnoreReason } from "../../../src/engines/builtin/find-ignore-reason.ts";
import { getBaseName, isLockfile, isTestPath } from "../../../src/engines/builtin/path-kinds.ts";
import { isProductSource } from "../../../src/engines/builtin/rules/debug-leftover.ts";
import type { ReviewFile } from "../../../src/engines/builtin/types.ts";
import { makeDiffFile } from "./make-diff.ts";

// The path checks search the path string with one pattern instead of splitting it into
// segments; these are the segment-by-segment definitions they must agree with.
const TEST_DIRS = new Set(["test", "tests", "__tests__", "spec", "specs", "e2e"]);
const OUTPUT_DIRS = new Set(
  "scripts script bin cli cmd tools examples example bench benchmark benchmarks docs fixtures".split(
    " ",
  ),
);
const IGNORED_DIRS = new Set(["dist", "build", "vendor", "node_modules"]);
const TEST_FILE_PATTERNS = [
  /\.(test|spec)\.[^/]+$/,
  /_test\.(go|py|exs?|dart)$/,
  /^test_[^/]*\.py$/,
  /_spec\.rb$/,
  /^conftest\.py$/,
  /(Test|Tests)\.(java|kt|cs|scala|swift)$/,
];

function firstDir(path: string, names: ReadonlySet<string>): string | null {
  const segments = path.split("/");
  for (let i = 0; i < segments.length - 1; i++) if (names.has(segments[i]!)) return segments[i]!;
  return null;
}

function isTestPathBySegments(path: string): boolean {
  if (firstDir(path, TEST_DIRS) !== null) return true;
  const base = getBaseName(path);
  return TEST_FILE_PATTERNS.some((pattern) => pattern.test(base));
}

const SEGMENTS = [
  ...TEST_DIRS,
  ...OUTPUT_DIRS,
  ...IGNORED_DIRS,
  "src",
  "testing",
  "latest",
  "distro",
  "xbuild",
  "",
  "a.test.ts",
  "b_test.go",
  "test_c.py",
  "d_spec.rb",
  "conftest.py",
  "FooTest.java",
  "cli.ts",
  "__main__.py",
  "index.ts",
  "app.py",
  "jquery.min.js",
];
const pathArb = fc
  .array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 5 })
  .map((segments) => segments.join("/"))
  .filter((path) => path.length > 0);

function reviewFile(path: string): ReviewFile {
  return { diff: makeDiffFile({ path }), path, addedLines: [], knownSizeBytes: null };
}

describe("engines/builtin path checks", () => {
  it("find test directories and test file names exactly as a segment-by-segment check does", () => {
    fc.assert(
      fc.property(pathArb, (path) => {
        expect(isTestPath(path)).toBe(isTestPathBySegments(path));
      }),
      { numRuns: 2000 },
    );
  });

  it("skip output directories for debug-leftover exactly as a segment-by-segment check does", () => {
    fc.assert(
      fc.property(pathArb, (path) => {
        const base = getBaseName(path);
        const expected =
          !isTestPathBySegments(path) &&
          firstDir(path, OUTPUT_DIRS) === null &&
          !base.startsWith("cli.") &&
          base !== "__main__.py";
        expect(isProductSource(path)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it("name the outermost ignored directory exactly as a segment-by-segment check does", () => {
    fc.assert(
      fc.property(pathArb, (path) => {
        const dir = firstDir(path, IGNORED_DIRS);
        const expected =
          dir !== null
            ? `ignored directory ${dir}/`
            : isLockfile(path)
              ? "lockfile"
              : /\.min\./.test(getBaseName(path))
                ? "minified file"
                : null;
        expect(findIgnoreReason(reviewFile(path))).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
