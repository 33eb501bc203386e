import type { DiffFile, Hunk } from "./diff-types.ts";
import type { Finding, PlacedFinding } from "./finding.ts";

/** An open finding the pass did not produce again under its fingerprint. */
export interface GoneFinding {
  fingerprint: string;
  /** Where the last pass saw it (numbering of the last reviewed head). */
  finding: Finding;
}

/** Input of {@link matchReraised}. */
export interface ReraiseInput {
  /** Open findings of the last pass whose fingerprint this pass did not produce, in id order. */
  gone: readonly GoneFinding[];
  /** Findings of this pass whose fingerprint the pull request never had, in id order. */
  fresh: readonly PlacedFinding[];
  mode: "full" | "incremental";
  /** Incremental passes: `compare/{last}...{head}`, whose old side is the last reviewed head. */
  changes: readonly DiffFile[];
}

/**
 * Pairs findings whose anchored code changed (so their fingerprint changed) with the finding
 * the same rule raised there again: old fingerprint → the new finding that re-raises it.
 * - incremental pass: same rule, the new finding on the new side of a hunk that deleted or
 *   replaced a line of the old anchor (same file, renames followed);
 * - full pass (no hunks between the two heads): same rule, path and title.
 * Each new finding re-raises at most one old one, and each old one is re-raised at most once;
 * both lists are taken in order, so the pairing is deterministic.
 */
export function matchReraised(input: ReraiseInput): Map<string, PlacedFinding> {
  const matched = new Map<string, PlacedFinding>();
  const used = new Set<PlacedFinding>();
  const byOldPath = new Map<string, DiffFile>();
  for (const file of input.changes) byOldPath.set(file.oldPath ?? file.path, file);

  for (const gone of input.gone) {
    const old = gone.finding;
    const accepts =
      input.mode === "full"
        ? (f: PlacedFinding) => f.path === old.path && f.title === old.title
        : acceptsInHunks(old, byOldPath.get(old.path));
    if (accepts === null) continue;
    const next = input.fresh.find((f) => !used.has(f) && f.ruleId === old.ruleId && accepts(f));
    if (next === undefined) continue;
    used.add(next);
    matched.set(gone.fingerprint, next);
  }
  return matched;
}

/**
 * For an incremental pass: a test for "the new finding lies in a hunk that touched `old`'s
 * anchor", or null when no hunk touched it (the finding was not re-examined: nothing to match).
 */
function acceptsInHunks(
  old: Finding,
  file: DiffFile | undefined,
): ((f: PlacedFinding) => boolean) | null {
  if (file === undefined || old.side === "LEFT" || file.status === "deleted") return null;
  const first = Math.min(old.startLine ?? old.line, old.line);
  const touched = file.hunks.filter((hunk) => touchesAnchor(hunk, first, old.line));
  if (touched.length === 0) return null;
  return (f) =>
    f.path === file.path &&
    f.side === "RIGHT" &&
    touched.some((hunk) => f.line >= hunk.newStart && f.line < hunk.newStart + hunk.newLines);
}

/** True when the hunk deleted or replaced a line of `first..last` (old numbering). */
function touchesAnchor(hunk: Hunk, first: number, last: number): boolean {
  return hunk.lines.some(
    (line) =>
      line.kind === "del" && line.oldLine !== null && line.oldLine >= first && line.oldLine <= last,
  );
}
