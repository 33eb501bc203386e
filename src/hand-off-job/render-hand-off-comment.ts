import type { HandOffRecord } from "../loop/types.ts";
import { type HandOffInput, renderHandOff } from "../remediation/render-hand-off.ts";
import type { AttemptDiagnostics } from "../remediation/run-diagnostics.ts";
import type { Queryable } from "../store/db.ts";
import { listFindings } from "../store/finding-repository.ts";

/** The hand-off comment with what is still open, from the store. */
export async function renderHandOffComment(
  q: Queryable,
  pr: { repoId: number; prNumber: number },
  input: {
    handOff: HandOffRecord;
    roundsUsed: number;
    roundLimit: number;
    diagnostics: AttemptDiagnostics | null;
    resumeRounds: number;
    marker: string;
    /** Fingerprints of the blocking findings (the loop's `blocking`). */
    blocking: readonly string[];
  },
): Promise<string> {
  const blocking = new Set(input.blocking);
  const findings: HandOffInput["findings"] = (await listFindings(q, pr.repoId, pr.prNumber))
    .filter((f) => f.status === "open")
    .map((f) => ({
      id: f.id,
      severity: f.finding.severity,
      path: f.finding.path,
      line: f.finding.line,
      startLine: f.finding.startLine ?? null,
      side: f.finding.side,
      title: f.finding.title,
      blocking: blocking.has(f.fingerprint),
    }));
  const { blocking: _, ...shown } = input;
  return renderHandOff({ ...shown, findings, appSlug: "reviewloop" });
}
