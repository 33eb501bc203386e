import type { CheckRunOutput, CheckRunPublisher } from "../github/check-run-publisher.ts";
import type { RepoRef } from "../github/refs.ts";
import type { ReviewOutcome } from "../loop/types.ts";
import type { PassIdentity } from "./pass-identity.ts";
import { closedOutput, heldOutput, supersededOutput } from "./render-check-output.ts";

/** Why a woken pass ends without posting, as `staleReason` or the pass's early steps say it. */
export interface EarlyEnd {
  outcome: ReviewOutcome;
  reason: string;
  /** The loop was paused or stopped by a command. */
  held?: boolean;
  /** The pull request is closed. */
  closed?: boolean;
  /** The newer head that replaces this one, when one does. */
  newerSha?: string;
}

/** The output a waiting check run is completed with when its pass ends early. */
export function earlyEndOutput(headSha: string, end: EarlyEnd): CheckRunOutput {
  if (end.newerSha !== undefined && end.newerSha !== headSha) {
    return supersededOutput(headSha, end.newerSha);
  }
  if (end.held) return heldOutput(end.reason);
  if (end.closed) return closedOutput();
  return {
    title: "Not reviewed by this pass",
    summary: `This pass waited for the commit's checks, then ended without posting a review: ${end.reason}.`,
  };
}

/**
 * A pass that deferred itself (waiting for the head's checks) left its check run in progress
 * ("Waiting for …"). When it is woken and ends before posting — a newer head, a close, a pause,
 * a later pass of the same head — it completes that check run `neutral` saying why, so no check
 * stays in progress on a commit nobody reviews. Nothing is done when no such check run exists or
 * it is completed already; completing is idempotent (no annotations), so a retry may repeat it.
 */
export async function closeWaitingCheckRun(
  checks: CheckRunPublisher,
  repo: RepoRef,
  identity: PassIdentity,
  end: EarlyEnd,
): Promise<boolean> {
  const run = await checks.findCheckRun(repo, identity.checkRun);
  if (run === null || run.status === "completed") return false;
  await checks.updateCheckRun(repo, run.id, {
    status: "completed",
    conclusion: "neutral",
    completed_at: new Date().toISOString(),
    output: earlyEndOutput(identity.checkRun.headSha, end),
  });
  return true;
}
