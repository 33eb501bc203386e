/** Path helpers shared by the default ignores and the rules. Paths are repository-relative POSIX. */

/** The last path segment (`src/a.ts` → `a.ts`). */
export function getBaseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** The directory part without a trailing slash; `""` for the repository root. */
export function getDirName(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

/** The lower-cased extension with its dot (`.ts`), or `""`. */
export function getExtension(path: string): string {
  const base = getBaseName(path);
  const dot = base.lastIndexOf(".");
  return dot <= 0 ? "" : base.slice(dot).toLowerCase();
}

/**
 * A pattern for "a directory named one of `names` at any depth": a path segment, not the last
 * one, equal to a name. Group 1 is the first such directory. One search of the path string
 * instead of splitting it: these checks run for every file under several rules.
 */
export function compileDirPattern(names: Iterable<string>): RegExp {
  const alternatives = [...names].map((name) => name.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&"));
  return new RegExp(`(?:^|/)(${alternatives.join("|")})/`);
}

/**
 * Lockfiles by file name. Every other rule skips them (machine-written); `lockfile-drift`
 * looks for them.
 */
export const LOCKFILE_NAMES: ReadonlySet<string> = new Set([
  "package-lock.json",
  "npm-shrinkwrap.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "bun.lockb",
  "bun.lock",
  "Cargo.lock",
  "go.sum",
  "poetry.lock",
  "uv.lock",
  "pdm.lock",
  "Pipfile.lock",
  "Gemfile.lock",
  "composer.lock",
  "mix.lock",
  "pubspec.lock",
  "Podfile.lock",
  "packages.lock.json",
  "gradle.lockfile",
  "flake.lock",
]);

/** True for a lockfile name in {@link LOCKFILE_NAMES}. */
export function isLockfile(path: string): boolean {
  return LOCKFILE_NAMES.has(getBaseName(path));
}

const TEST_DIR = compileDirPattern(["test", "tests", "__tests__", "spec", "specs", "e2e"]);
const TEST_FILE_PATTERNS = [
  /\.(test|spec)\.[^/]+$/, // a.test.ts, a.spec.tsx
  /_test\.(go|py|exs?|dart)$/,
  /^test_[^/]*\.py$/,
  /_spec\.rb$/,
  /^conftest\.py$/,
  /(Test|Tests)\.(java|kt|cs|scala|swift)$/,
];

/**
 * Test-file heuristic: a `test/`, `tests/`, `__tests__/`, `spec/`, `specs/` or `e2e/` directory at
 * any depth, or a test-looking file name (`*.test.*`, `*.spec.*`, `*_test.go`, `test_*.py`,
 * `*_test.py`, `*_spec.rb`, `conftest.py`, `FooTest.java`).
 */
export function isTestPath(path: string): boolean {
  if (TEST_DIR.test(path)) return true;
  const base = getBaseName(path);
  // Every file name pattern contains "test", "spec" or "Test"; most names have none.
  if (!base.includes("test") && !base.includes("spec") && !base.includes("Test")) return false;
  return TEST_FILE_PATTERNS.some((pattern) => pattern.test(base));
}
