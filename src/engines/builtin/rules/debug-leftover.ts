import { getBaseName, getExtension, isTestPath } from "../path-kinds.ts";
import { getCommentSyntax, splitComment } from "../split-comment.ts";
import type { FileRule, RuleHit } from "../types.ts";

const JS: RegExp[] = [
  /(?<![\w$.])debugger\s*(?:;|$)/,
  /(?<![\w$.])console\.(?:log|debug|trace)\s*\(/,
];
const PYTHON: RegExp[] = [
  /(?<![\w.])print\s*\(/,
  /(?<![\w.])breakpoint\s*\(\s*\)/,
  /(?<![\w.])(?:i?pdb|pudb)\.set_trace\s*\(/,
  /^\s*import\s+i?pdb\b/,
];
const RUBY: RegExp[] = [/(?<![\w.])binding\.(?:pry|irb)\b/, /(?<![\w.])byebug\b/];
/** Go's builtin print/println (stderr, meant for debugging); fmt.Print* is normal program output. */
const GO: RegExp[] = [/(?<![\w.])println?\s*\(/];
const RUST: RegExp[] = [/(?<![\w:])dbg!\s*\(/];
const PHP: RegExp[] = [/(?<![\w>:$])(?:var_dump|dd)\s*\(/];

const BY_EXTENSION: Record<string, RegExp[]> = {};
for (const ext of [
  ".js",
  ".jsx",
  ".ts",
  ".tsx",
  ".mjs",
  ".cjs",
  ".mts",
  ".cts",
  ".vue",
  ".svelte",
]) {
  BY_EXTENSION[ext] = JS;
}
BY_EXTENSION[".py"] = PYTHON;
BY_EXTENSION[".rb"] = RUBY;
BY_EXTENSION[".go"] = GO;
BY_EXTENSION[".rs"] = RUST;
BY_EXTENSION[".php"] = PHP;

/** Directories where printing is the point (command-line tools, scripts, examples, docs). */
const OUTPUT_DIRS = new Set([
  "scripts",
  "script",
  "bin",
  "cli",
  "cmd",
  "tools",
  "examples",
  "example",
  "bench",
  "benchmark",
  "benchmarks",
  "docs",
  "fixtures",
]);

/**
 * True when the file is production source where a debug call is probably a leftover: not a
 * test, not under a directory of {@link OUTPUT_DIRS}, not a `cli.*` or `__main__.py` entry.
 */
export function isProductSource(path: string): boolean {
  if (isTestPath(path)) return false;
  const segments = path.split("/");
  for (let i = 0; i < segments.length - 1; i++) {
    if (OUTPUT_DIRS.has(segments[i]!)) return false;
  }
  const base = getBaseName(path);
  return !base.startsWith("cli.") && base !== "__main__.py";
}

/** Debugger statements and debug printing left in non-test source. */
export const debugLeftoverRule: FileRule = {
  id: "debug-leftover",
  scope: "file",
  defaultSeverity: "warning",
  category: "style",
  description:
    "debugger statements and debug output (console.log, print, pdb, binding.pry, dbg!, …) in non-test source.",
  checkFile(file) {
    const patterns = BY_EXTENSION[getExtension(file.path)];
    if (patterns === undefined || !isProductSource(file.path)) return [];
    const syntax = getCommentSyntax(file.path);
    const hits: RuleHit[] = [];
    for (const line of file.addedLines) {
      const { code } = splitComment(line.content, syntax);
      const match = findFirstMatch(patterns, code);
      if (match === null) continue;
      const label = `\`${match.replace(/\s*[(;]\s*\)?$/, "")}\``;
      hits.push({
        path: file.path,
        line: line.newLine,
        title: `Debug leftover: ${label}`,
        body:
          `This line adds a ${label}, which looks like debugging code left behind. ` +
          "Remove it, or use the project's logger if the output is meant to stay.",
      });
    }
    return hits;
  },
};

function findFirstMatch(patterns: readonly RegExp[], code: string): string | null {
  for (const pattern of patterns) {
    const match = pattern.exec(code);
    if (match !== null) return match[0].trim();
  }
  return null;
}
