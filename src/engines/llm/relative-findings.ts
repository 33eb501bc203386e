import type { ModelFinding, ReviewChunk } from "./llm-types.ts";

function shift(finding: ModelFinding, by: number): ModelFinding {
  const startLine = finding.start_line ?? null;
  return {
    ...finding,
    line: finding.line + by,
    start_line: startLine === null ? startLine : startLine + by,
  };
}

/**
 * Findings as the cache stores them: each line an offset from the chunk's first shown line on
 * the finding's side (`line - origin[side]`), so a chunk that only moved reuses them.
 */
export function toRelative(
  findings: readonly ModelFinding[],
  origin: ReviewChunk["origin"],
): ModelFinding[] {
  return findings.map((finding) => shift(finding, -origin[finding.side]));
}

/** Cached findings back in the numbering of the chunk at `origin` (inverse of {@link toRelative}). */
export function fromRelative(
  findings: readonly ModelFinding[],
  origin: ReviewChunk["origin"],
): ModelFinding[] {
  return findings.map((finding) => shift(finding, origin[finding.side]));
}
