import type { Severity } from "./finding.ts";

const BADGES: Record<Severity, string> = {
  critical: "🔴 Critical",
  warning: "🟡 Warning",
  info: "🔵 Info",
};

/** Emoji and label for a severity, e.g. `🔴 Critical`. */
export function severityLabel(severity: Severity): string {
  return BADGES[severity];
}
