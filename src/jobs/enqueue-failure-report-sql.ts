/** The job kind that reports another job's death (handler: src/failure-report-job/). */
export const REPORT_FAILURE_KIND = "ReportFailure";

/** Attempts of a failure report: a few, since its reporter calls GitHub. */
export const REPORT_FAILURE_ATTEMPTS = 5;

/**
 * A data-modifying CTE body that enqueues one `ReportFailure` job for each row of `source` (a
 * CTE of jobs that just became dead, with `id, kind, installation_id, repo_id, group_key,
 * generation`). Used inside the very statement that makes a job dead, so a death is never
 * committed without its report. A dead `ReportFailure` is not reported (no report loops); the
 * dedupe key `report:<jobId>:<generation>` makes a report once per generation of a job.
 */
export function enqueueFailureReportSql(source: string): string {
  return `INSERT INTO jobs (kind, installation_id, repo_id, payload, dedupe_key, group_key, max_attempts)
    SELECT '${REPORT_FAILURE_KIND}', s.installation_id, s.repo_id,
      jsonb_build_object('jobId', s.id, 'generation', s.generation),
      'report:' || s.id || ':' || s.generation, s.group_key, ${REPORT_FAILURE_ATTEMPTS}
    FROM ${source} s
    WHERE s.kind <> '${REPORT_FAILURE_KIND}'
    ON CONFLICT (dedupe_key) DO NOTHING`;
}
