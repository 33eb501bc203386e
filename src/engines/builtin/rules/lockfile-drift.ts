import { ECOSYSTEMS, type Ecosystem, findDependencyChange } from "../find-dependency-change.ts";
import { getBaseName, getDirName } from "../path-kinds.ts";
import type { DiffRule, RuleHit } from "../types.ts";

/**
 * A manifest's dependency lines changed but no lockfile of its ecosystem changed in the same
 * directory (or, for ecosystems with workspaces, an ancestor directory). The diff cannot tell
 * whether the project commits a lockfile at all, so projects without one should disable the rule
 * or restrict it with `paths`.
 */
export const lockfileDriftRule: DiffRule = {
  id: "lockfile-drift",
  scope: "diff",
  defaultSeverity: "warning",
  category: "dependencies",
  description:
    "A package manifest's dependencies changed without its lockfile (package.json, Cargo.toml, go.mod, pyproject.toml, Gemfile, composer.json).",
  checkDiff({ files, allFiles }) {
    // Built on first need: most diffs change no manifest's dependencies.
    let changedPaths: Set<string> | null = null;
    const getChangedPaths = (): Set<string> => {
      if (changedPaths === null) {
        changedPaths = new Set(allFiles.map((file) => file.path));
        for (const file of allFiles)
          if (file.diff.oldPath !== null) changedPaths.add(file.diff.oldPath);
      }
      return changedPaths;
    };
    const hits: RuleHit[] = [];
    for (const file of files) {
      const name = getBaseName(file.path);
      const ecosystem = ECOSYSTEMS.find((candidate) => candidate.manifest === name);
      if (ecosystem === undefined) continue;
      const change = findDependencyChange(file, ecosystem);
      if (change === null) continue;
      const dir = getDirName(file.path);
      if (hasLockfileChange(dir, ecosystem, getChangedPaths())) continue;
      const where = dir === "" ? "the repository root" : `\`${dir}/\``;
      hits.push({
        path: file.path,
        line: change.line,
        side: change.side,
        title: `${ecosystem.manifest} dependencies changed without a lockfile update`,
        body:
          `The dependencies in \`${file.path}\` changed, but no ${formatList(ecosystem.lockfiles)} ` +
          `in ${where}${ecosystem.lockfileMayBeInAncestor ? " or a parent directory" : ""} changed ` +
          `with them. Installs from the lockfile will not match the manifest. Run ` +
          `${ecosystem.updateCommand} and commit the lockfile. If this project does not commit a ` +
          "lockfile, disable `lockfile-drift`.",
      });
    }
    return hits;
  },
};

function hasLockfileChange(
  dir: string,
  ecosystem: Ecosystem,
  changedPaths: ReadonlySet<string>,
): boolean {
  let current: string | null = dir;
  while (current !== null) {
    for (const lockfile of ecosystem.lockfiles) {
      if (changedPaths.has(current === "" ? lockfile : `${current}/${lockfile}`)) return true;
    }
    if (!ecosystem.lockfileMayBeInAncestor || current === "") current = null;
    else current = getDirName(current);
  }
  return false;
}

function formatList(names: readonly string[]): string {
  const quoted = names.map((name) => `\`${name}\``);
  return quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
}
