import { compileDirPattern, getBaseName, getExtension, isTestPath } from "../path-kinds.ts";
import { getCommentSyntax, splitComment } from "../split-comment.ts";
import type { FileRule, RuleHit } from "../types.ts";

/** A language's debug patterns, and words one of which each pattern needs (the line filter). */
interface Language {
  patterns: readonly RegExp[];
  words: RegExp;
}

const JS: Language = {
  patterns: [/(?<![\w$.])debugger\s*(?:;|$)/, /(?<![\w$.])console\.(?:log|debug|trace)\s*\(/],
  words: /debugger|console/,
};
const PYTHON: Language = {
  patterns: [
    /(?<![\w.])print\s*\(/,
    /(?<![\w.])breakpoint\s*\(\s*\)/,
    /(?<![\w.])(?:i?pdb|pudb)\.set_trace\s*\(/,
    /^\s*import\s+i?pdb\b/,
  ],
  words: /print|breakpoint|set_trace|pdb/,
};
const RUBY: Language = {
  patterns: [/(?<![\w.])binding\.(?:pry|irb)\b/, /(?<![\w.])byebug\b/],
  words: /binding|byebug/,
};
/** Go's builtin print/println (stderr, meant for debugging); fmt.Print* is normal program output. */
const GO: Language = { patterns: [/(?<![\w.])println?\s*\(/], words: /print/ };
const RUST: Language = { patterns: [/(?<![\w:])dbg!\s*\(/], words: /dbg!/ };
const PHP: Language = { patterns: [/(?<![\w>:$])(?:var_dump|dd)\s*\(/], words: /var_dump|dd/ };

const BY_EXTENSION: Record<string, Language> = {};
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
const OUTPUT_DIRS = compileDirPattern([
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
  if (isTestPath(path) || OUTPUT_DIRS.test(path)) return false;
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
  lineFilter: (path) => findLanguage(path)?.words ?? null,
  checkFile(file) {
    const language = findLanguage(file.path);
    if (language === null) return [];
    const syntax = getCommentSyntax(file.path);
    const hits: RuleHit[] = [];
    for (const line of file.addedLines) {
      const { code } = splitComment(line.content, syntax);
      const match = findFirstMatch(language.patterns, code);
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

/** The language whose debug patterns apply to a path, or null (unknown type, test, tool). */
function findLanguage(path: string): Language | null {
  const language = BY_EXTENSION[getExtension(path)];
  return language === undefined || !isProductSource(path) ? null : language;
}

function findFirstMatch(patterns: readonly RegExp[], code: string): string | null {
  for (const pattern of patterns) {
    const match = pattern.exec(code);
    if (match !== null) return match[0].trim();
  }
  return null;
}
