import type { PullRequestInfo } from "../github/pull-request-reader.ts";
import { toRepoRef } from "../github/refs.ts";
import type { DispatchPayloadJob } from "../loop/remediation-jobs.ts";
import type { LoopSettings } from "../loop/types.ts";
import type {
  PayloadFinding,
  PayloadInput,
  PreviousAttempt,
} from "../remediation/dispatch-payload.ts";
import { isAtLeast, type Severity } from "../review/finding.ts";
import { isQuietClaim } from "../review/verify-dispositions.ts";
import type { Queryable } from "../store/db.ts";
import { type DispatchAttempt, listRoundAttempts } from "../store/dispatch-repository.ts";
import { claimOf } from "../store/disposition-repository.ts";
import { listFindings } from "../store/finding-repository.ts";
import { type FailingChecksDeps, gatherFailingChecks } from "./gather-failing-checks.ts";

/** What an earlier attempt of the round left, for the agent's next try. */
export function toPreviousAttempt(row: DispatchAttempt): PreviousAttempt {
  const d = row.diagnostics;
  return {
    attempt: row.attempt,
    dispatch_id: row.dispatchId,
    conclusion: row.conclusion ?? d?.conclusion ?? row.status,
    ...(row.runUrl ? { run_url: row.runUrl } : {}),
    failed_jobs: (d?.failedJobs ?? []).map((job) => ({
      name: job.name,
      ...(job.failedSteps[0] === undefined ? {} : { failed_step: job.failedSteps[0] }),
      ...(job.logTail ? { log_tail: job.logTail } : {}),
    })),
    ...(d?.httpStatus !== undefined || d?.message
      ? { error: [d?.httpStatus, d?.message].filter(Boolean).join(" ") }
      : {}),
  };
}

/**
 * Everything the payload is built from: the open findings (blocking ones for the loop's round,
 * every one for `/reviewloop fix`), the round's earlier failed attempts and, when `ci` is given
 * (`remediation.on_ci_failure`), the failing checks of the round's head (`gatherFailingChecks`).
 */
export async function gatherPayloadInput(
  q: Queryable,
  job: DispatchPayloadJob,
  attempt: DispatchAttempt,
  pr: PullRequestInfo,
  settings: LoopSettings,
  blockingSeverity: Severity,
  roundLimit: number,
  htmlBase: string,
  ci?: Omit<FailingChecksDeps, "db">,
): Promise<PayloadInput> {
  const stored = await listFindings(q, job.repoId, job.prNumber);
  const findings: PayloadFinding[] = stored
    .filter((f) => f.status === "open")
    .map((f) => ({
      f,
      // A dispute (without `disputes_block`) or a deferral no longer blocks: not the fixer's job.
      blocking:
        isAtLeast(f.finding.severity, blockingSeverity) &&
        !isQuietClaim(claimOf(f.disposition), settings.disputesBlock ?? false),
    }))
    .filter(({ blocking }) => attempt.scope === "all" || blocking)
    .map(({ f, blocking }) => ({
      id: f.id,
      severity: f.finding.severity,
      blocking,
      rule: f.finding.ruleId,
      path: f.finding.path,
      start_line: f.finding.startLine ?? f.finding.line,
      end_line: f.finding.line,
      side: f.finding.side,
      title: f.finding.title,
      body: f.finding.body,
      ...(f.finding.suggestion === undefined ? {} : { suggestion: f.finding.suggestion }),
      ...(f.commentUrl === null ? {} : { url: f.commentUrl }),
    }));
  const earlier = (await listRoundAttempts(q, job, job.round)).filter(
    (row) => row.attempt < job.attempt && (row.status === "failed" || row.status === "refused"),
  );
  const failingChecks =
    ci === undefined
      ? []
      : await gatherFailingChecks(
          { ...ci, db: q },
          { ...toRepoRef(job.repoFullName), repoId: job.repoId, prNumber: job.prNumber },
          job.headSha,
        );
  return {
    dispatchId: job.publicId,
    repository: { id: job.repoId, fullName: job.repoFullName },
    pullRequest: {
      number: job.prNumber,
      headSha: job.headSha,
      baseSha: pr.baseSha,
      headRef: pr.headRef,
      htmlUrl: `${htmlBase}/${job.repoFullName}/pull/${job.prNumber}`,
    },
    round: job.round,
    roundLimit,
    attempt: job.attempt,
    maxAttempts: settings.maxAttempts,
    scope: attempt.scope,
    findings,
    previousAttempts: earlier.map(toPreviousAttempt),
    failingChecks,
  };
}
