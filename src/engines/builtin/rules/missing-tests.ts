import { getBaseName, getExtension, isTestPath } from "../path-kinds.ts";
import type { DiffRule, ReviewFile } from "../types.ts";

/** Extensions of program source; docs, config and data files do not call for tests. */
const SOURCE_EXTENSIONS = new Set(
  (
    ".ts .tsx .mts .cts .js .jsx .mjs .cjs .vue .svelte .py .go .rb .rs .java .kt .kts .scala " +
    ".swift .c .h .cc .cpp .cxx .hpp .cs .fs .php .ex .exs .erl .clj .dart .lua .m .mm .zig .hs .ml"
  ).split(" "),
);

/** Source files that are configuration in disguise (`vite.config.ts`) or type-only (`.d.ts`). */
function isSourceFile(path: string): boolean {
  if (isTestPath(path) || !SOURCE_EXTENSIONS.has(getExtension(path))) return false;
  const base = getBaseName(path);
  return !base.endsWith(".d.ts") && !/\.config\.[^.]+$/.test(base) && !/^\..*rc\.[^.]+$/.test(base);
}

/** Source changed with no test file changed anywhere in the diff. One finding per diff. */
export const missingTestsRule: DiffRule = {
  id: "missing-tests",
  scope: "diff",
  defaultSeverity: "info",
  category: "tests",
  description: "Source files changed but no test file changed in the whole diff.",
  checkDiff({ files, allFiles }) {
    const testChanged = allFiles.some(
      (file) => file.diff.status !== "deleted" && isTestPath(file.path),
    );
    if (testChanged) return [];
    const sources = files.filter(
      (file: ReviewFile) => file.addedLines.length > 0 && isSourceFile(file.path),
    );
    const first = sources[0];
    if (first === undefined) return [];
    const listed = sources.slice(0, 10).map((file) => `\`${file.path}\``);
    const more =
      sources.length > listed.length ? ` and ${sources.length - listed.length} more` : "";
    return [
      {
        path: first.path,
        line: first.addedLines[0]!.newLine,
        title: "Source changed without test changes",
        body:
          `This change modifies ${sources.length} source file${sources.length === 1 ? "" : "s"} ` +
          `(${listed.join(", ")}${more}) but no test file. Add or update tests that cover the ` +
          "new behaviour, or say in the pull request why none are needed.",
      },
    ];
  },
};
