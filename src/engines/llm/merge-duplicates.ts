import { findingSchema } from "../../review/finding.ts";

/**
 * Drops `llm` findings that repeat a `builtin` finding: same path, side, line and category (the
 * builtin one is deterministic and carries its rule). Engine output is not validated yet, so
 * items that fail `findingSchema` are left as they are; the order of the rest is kept.
 */
export function mergeBuiltinDuplicates(findings: readonly unknown[]): {
  findings: unknown[];
  merged: number;
} {
  const parsed = findings.map((item) => {
    const result = findingSchema.safeParse(item);
    return result.success ? result.data : null;
  });
  const keyOf = (finding: { path: string; side: string; line: number; category: string }) =>
    JSON.stringify([finding.path, finding.side, finding.line, finding.category]);
  const builtin = new Set(
    parsed.flatMap((finding) => (finding?.engine === "builtin" ? [keyOf(finding)] : [])),
  );
  const kept = findings.filter((_, index) => {
    const finding = parsed[index];
    return !(finding?.engine === "llm" && builtin.has(keyOf(finding)));
  });
  return { findings: kept, merged: findings.length - kept.length };
}
