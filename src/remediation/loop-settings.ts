import type { RepoConfig } from "../config/index.ts";
import type { LoopSettings } from "../loop/types.ts";

/** The part of `remediation:` the loop decides with, as it keeps it per pass. */
export function toLoopSettings(
  remediation: RepoConfig["remediation"],
  resumeRounds?: number,
  checksTimeoutMinutes?: number,
): LoopSettings {
  return {
    enabled: remediation.enabled,
    maxRounds: remediation.max_rounds,
    noProgressRounds: remediation.no_progress_rounds,
    maxAttempts: remediation.max_attempts,
    dispatchTimeoutMinutes: remediation.dispatch_timeout_minutes,
    onHumanPush: remediation.on_human_push,
    fixerLogins: remediation.fixer.logins.map((login) => login.toLowerCase()),
    target: remediation.target.type,
    ...(resumeRounds === undefined ? {} : { resumeRounds }),
    onCiFailure: remediation.on_ci_failure,
    waitForChecks: remediation.wait_for_checks,
    disputesBlock: remediation.disputes_block,
    ...(checksTimeoutMinutes === undefined ? {} : { checksTimeoutMinutes }),
  };
}
