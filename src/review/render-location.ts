import type { Finding } from "./finding.ts";

/**
 * Where a finding is, as people write it: `src/a.ts:12`, `src/a.ts:10-12`, and for the old side
 * of the diff `src/a.ts:12 (old)`.
 */
export function describeLocation(f: Pick<Finding, "path" | "line" | "startLine" | "side">): string {
  const lines =
    f.startLine !== null && f.startLine !== undefined && f.startLine < f.line
      ? `${f.startLine}-${f.line}`
      : `${f.line}`;
  return `${f.path}:${lines}${f.side === "LEFT" ? " (old)" : ""}`;
}
