import { publicDispatchId } from "../loop/remediation-jobs.ts";
import { toLoopSettings } from "../remediation/loop-settings.ts";
import {
  renderFailedLogTail,
  renderRemediationStatus,
} from "../remediation/render-remediation-status.ts";
import { readLastFailedAttempt } from "../store/dispatch-repository.ts";
import { listOpenFindings } from "../store/disposition-repository.ts";
import { readLoop } from "../store/loop-repository.ts";
import { readLastDispatch } from "../store/read-last-dispatch.ts";
import { readLastDispositionRows, readLastLlmCoverage } from "../store/review-repository.ts";
import { listVerifiedClaims } from "../store/verification-repository.ts";
import type { CommandSession } from "./command-session.ts";
import type { CommandOutcome } from "./render-command-reply.ts";
import { renderStatus } from "./render-status.ts";
import { statusDispositionRows } from "./status-disposition-rows.ts";

/**
 * `status`: read the loop, the open findings, the last pass's disposition table (with the claims
 * filed since), the last dispatch and the last pass's LLM figures; render them.
 */
export async function executeStatus(
  session: CommandSession,
): Promise<Omit<CommandOutcome, "line" | "raw" | "command">> {
  const { db, payload, config } = session;
  const [loop, openFindings, lastDispatch, lastFailed, claims, lastRows, llm] = [
    await readLoop(db, payload.repoId, payload.prNumber),
    await listOpenFindings(db, payload),
    await readLastDispatch(db, payload),
    await readLastFailedAttempt(db, payload),
    await listVerifiedClaims(db, payload),
    await readLastDispositionRows(db, payload),
    await readLastLlmCoverage(db, payload),
  ];
  const settings = toLoopSettings(
    config.remediation,
    config.commands.resume_rounds,
    config.engines.checks.timeout_minutes,
  );
  // The last failed attempt's log tail, unless it is the last dispatch (whose section below
  // shows its tails already): a retry in flight must not hide why the attempt before it failed.
  const lastWasFailed = lastDispatch?.status === "failed" || lastDispatch?.status === "refused";
  const failedTail = lastWasFailed
    ? []
    : renderFailedLogTail(lastFailed?.diagnostics ?? null, payload.appSlug);
  return {
    outcome: "ran",
    message: renderStatus({
      loop: loop?.state ?? null,
      maxRounds: config.remediation.max_rounds,
      remediationEnabled: config.remediation.enabled,
      blockingSeverity: config.review.blocking_severity,
      openFindings,
      lastDispatch,
      dispositions: statusDispositionRows(lastRows, claims),
      disputesBlock: config.remediation.disputes_block,
      llm,
      remediation:
        loop === null
          ? []
          : [
              ...renderRemediationStatus(
                loop.state,
                settings,
                lastFailed?.diagnostics ?? null,
                (id) => publicDispatchId(payload, id),
              ),
              ...failedTail,
            ],
    }),
  };
}
