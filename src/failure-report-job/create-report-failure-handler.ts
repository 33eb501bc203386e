import type { JobFailureReporter, JobHandler } from "../jobs/job-types.ts";
import type { Queryable } from "../store/db.ts";
import { loadDeadJob } from "./load-dead-job.ts";
import { parseReportFailurePayload } from "./parse-report-failure-payload.ts";

/** What the `ReportFailure` handler needs. */
export interface ReportFailureDeps {
  db: Queryable;
  /** One reporter per job kind (`RunReview`, `RunCommands`, …); other kinds are only logged. */
  reporters: Record<string, JobFailureReporter>;
}

/**
 * The handler of `ReportFailure` jobs, which `failJob` and the lease reaper enqueue in the
 * statement that makes a job dead. It loads the dead job and calls the reporter of its kind.
 * Nothing is reported when the job is gone (purged), was re-queued since (a newer generation
 * runs: the failure is no longer the news), or its kind has no reporter.
 */
export function createReportFailureHandler(deps: ReportFailureDeps): JobHandler {
  return async (reportJob, ctx) => {
    const { jobId, generation } = parseReportFailurePayload(reportJob.payload);
    const log = ctx.log.child({ deadJobId: jobId, generation });
    const found = await loadDeadJob(deps.db, jobId);
    if (found === null) {
      log.info("the dead job no longer exists; nothing to report");
      return;
    }
    const { job, status } = found;
    if (status !== "dead" || job.generation !== generation) {
      log.info({ status, current: job.generation }, "the job was re-queued since; not reported");
      return;
    }
    const reporter = deps.reporters[job.kind];
    if (reporter === undefined) {
      log.warn(
        { deadKind: job.kind, lastError: job.lastError?.message },
        "job died; no reporter for its kind",
      );
      return;
    }
    await reporter({ job, diagnostics: job.lastError }, ctx);
    log.info({ deadKind: job.kind }, "job failure reported");
  };
}
