import type { Finding } from "./finding.ts";

/** An id given to a fingerprint by an earlier pass on the same pull request. */
export interface KnownId {
  fingerprint: string;
  id: string;
}

type Identifiable = Pick<Finding, "path" | "line" | "ruleId" | "side" | "title"> & {
  startLine?: number | null;
  fingerprint: string;
};

const ID_PATTERN = /^F(\d+)$/;

/**
 * Deterministic order for a pass's findings: path, line, rule id, then side, start line and title
 * as tie-breakers. Code-unit comparison, not locale comparison, so every machine agrees.
 */
export function compareFindings(a: Identifiable, b: Identifiable): number {
  return (
    compareText(a.path, b.path) ||
    a.line - b.line ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.side, b.side) ||
    (a.startLine ?? a.line) - (b.startLine ?? b.line) ||
    compareText(a.title, b.title) ||
    compareText(a.fingerprint, b.fingerprint)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Gives each finding its per-PR short id. A fingerprint seen in an earlier pass keeps its id; new
 * fingerprints get `F<max+1>`, `F<max+2>`, … in the deterministic order of {@link compareFindings}.
 * Several findings with one fingerprint in one pass collapse to the first in that order (the same
 * rule on identical text in one file is one finding to fix). Returns the findings in that order.
 */
export function assignIds<T extends Identifiable>(
  findings: readonly T[],
  previous: readonly KnownId[] = [],
): (T & { id: string })[] {
  const known = new Map<string, string>();
  let max = 0;
  for (const { fingerprint, id } of previous) {
    if (!known.has(fingerprint)) known.set(fingerprint, id);
    const match = ID_PATTERN.exec(id);
    if (match) max = Math.max(max, Number(match[1]));
  }

  const seen = new Set<string>();
  const result: (T & { id: string })[] = [];
  for (const finding of [...findings].sort(compareFindings)) {
    if (seen.has(finding.fingerprint)) continue;
    seen.add(finding.fingerprint);
    let id = known.get(finding.fingerprint);
    if (id === undefined) {
      max += 1;
      id = `F${max}`;
    }
    result.push({ ...finding, id });
  }
  return result;
}
