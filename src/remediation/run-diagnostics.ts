/**
 * What is kept of a failed dispatch attempt (the `dispatches.diagnostics` column), shown in the
 * hand-off comment, `/reviewloop status`, the check run and the next attempt's payload. Never
 * holds a secret: log text is scrubbed before it is kept.
 */
export interface FailedJob {
  name: string;
  url?: string;
  conclusion: string | null;
  /** Names of the steps that failed, in order. */
  failedSteps: string[];
  /** The last lines (at most 100) of the job's log, scrubbed. */
  logTail: string;
}

export interface AttemptDiagnostics {
  /** `failure`, `cancelled`, `timed_out`, `no_run`, `refused`, `no_push`, … */
  conclusion: string;
  runUrl?: string;
  failedJobs: FailedJob[];
  /** A refused dispatch: the HTTP status and the message GitHub (or the webhook) gave. */
  httpStatus?: number;
  message?: string;
  /** Something went wrong reading the run (its jobs or logs); said, not hidden. */
  readError?: string;
}

/** Reads a completed fixer run's failed jobs, failed steps and log tails (GitHub Actions). */
export interface FixerRunReader {
  readFailedRun(request: {
    owner: string;
    repo: string;
    runId: number;
    signal?: AbortSignal;
  }): Promise<AttemptDiagnostics>;
}

/** What is read of one failed GitHub Actions job of the head (a failing check's details). */
export interface ActionsJobFailure {
  /** Names of the steps that failed, in order. */
  failedSteps: string[];
  /** The last lines (at most 100) of the job's log, scrubbed; empty when it could not be read. */
  logTail: string;
  /** The log could not be read; said, not hidden. */
  readError?: string;
}

/** Reads a GitHub Actions job by id (the id of its check run): failed steps and log tail. */
export interface ActionsJobReader {
  readFailedJob(request: {
    owner: string;
    repo: string;
    jobId: number;
    signal?: AbortSignal;
  }): Promise<ActionsJobFailure>;
}
