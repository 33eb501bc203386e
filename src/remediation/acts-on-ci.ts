import type { LoopSettings } from "../loop/types.ts";

/**
 * Whether a loop acts on its head's CI (`remediation.enabled` and `remediation.on_ci_failure`),
 * by the settings its last pass read. Unknown settings (no pass has ended yet) count as yes: the
 * first pass may be about to learn that it does, and a completed check must not be missed.
 * `listLoopsForChecks` asks the same in SQL.
 */
export function actsOnCi(settings: LoopSettings | null | undefined): boolean {
  if (settings === null || settings === undefined) return true;
  return settings.enabled && settings.onCiFailure !== false;
}
