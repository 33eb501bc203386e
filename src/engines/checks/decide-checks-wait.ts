import type { RepoConfig } from "../../config/schema.ts";
import type { CheckRunInfo } from "../../github/check-runs-reader.ts";
import { pendingNames, selectCheckRuns } from "./select-check-runs.ts";

/** What a pass does about the checks it imports before its engines run. */
export type ChecksWait =
  | { wait: false }
  | {
      wait: true;
      /** The selected checks not completed yet, absent names included. */
      pending: string[];
      /** When to look again: the next poll, or the deadline if that comes first. */
      runAt: Date;
      deadline: Date;
    };

/** Input of {@link decideChecksWait}; times are already scaled (test time scale). */
export interface ChecksWaitInput {
  runs: readonly CheckRunInfo[];
  settings: RepoConfig["engines"]["checks"];
  /** The job's creation + `timeout_minutes`. */
  deadline: Date;
  now: Date;
  /** The poll interval (2 minutes in production). */
  pollMs: number;
}

/**
 * With `engines.checks.enabled` and `wait: true`, a pass waits while a selected check run has
 * not completed or a name listed in `names` has no check run yet, until the deadline: it then
 * looks again after `pollMs` or at the deadline, whichever is first. Past the deadline (or with
 * nothing pending, or `wait: false`) the pass goes on, without the missing checks.
 */
export function decideChecksWait(input: ChecksWaitInput): ChecksWait {
  const { settings, deadline, now } = input;
  if (!settings.enabled || !settings.wait) return { wait: false };
  if (now.getTime() >= deadline.getTime()) return { wait: false };
  const pending = pendingNames(selectCheckRuns(input.runs, settings), settings.names);
  if (pending.length === 0) return { wait: false };
  const poll = now.getTime() + Math.max(0, input.pollMs);
  return {
    wait: true,
    pending,
    runAt: new Date(Math.min(poll, deadline.getTime())),
    deadline,
  };
}
