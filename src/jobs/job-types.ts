import type { Logger } from "pino";
import type { Queryable } from "../store/db.ts";

/** One failed attempt, kept in `last_error.attempts` for humans diagnosing a job. */
export interface AttemptRecord {
  attempt: number;
  /** ISO time the attempt ended. */
  at: string;
  message: string;
}

/** What `jobs.last_error` holds: the latest error in full plus a bounded history of attempts. */
export interface JobDiagnostics {
  message: string;
  name: string;
  stack?: string;
  attempts: AttemptRecord[];
}

/** A job this worker holds a lease on. `leaseToken` guards every later write. */
export interface LeasedJob {
  id: number;
  kind: string;
  installationId: number;
  repoId: number;
  payload: unknown;
  dedupeKey: string | null;
  groupKey: string | null;
  /** 1 on the first run; counts every lease, including leases that expired. */
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  leaseUntil: Date;
  leaseToken: string;
  /** Diagnostics of earlier attempts, null on a first run. */
  lastError: JobDiagnostics | null;
  createdAt: Date;
  /** 0 when enqueued; +1 each time a dead job is re-queued by hand (a new run of the same intent). */
  generation: number;
  /** The job deferred itself at least once (`DeferJobError`): an earlier run showed something. */
  deferred: boolean;
}

/** What a handler gets besides its job. */
export interface JobContext {
  /** A child logger bound to `jobId`, `kind`, `repoId` and `attempt`. */
  log: Logger;
  /** Aborted when the worker stops past its deadline or the lease was lost. */
  signal: AbortSignal;
  /**
   * Throws `LeaseLostError` unless this job still holds its lease (not taken over, not handed
   * back, not deleted by a purge). Call it inside the transaction that records the job's
   * outcome: it locks the job row (`FOR SHARE`), so a purge or a takeover cannot interleave and
   * a job that lost its lease writes nothing.
   */
  assertLease(q: Queryable): Promise<void>;
}

/** What a failure reporter learns about a job that died (last attempt failed, or its lease expired). */
export interface JobFailure {
  /** The dead job as it was last leased (payload, attempts, generation, …). */
  job: LeasedJob;
  /** `last_error` of the dead job: the final message and every attempt's. */
  diagnostics: JobDiagnostics | null;
}

/**
 * Tells the people concerned that a job gave up (a review's check run completed `failure`, a
 * command's reply saying it failed). Runs as its own job (`ReportFailure`), enqueued in the
 * same statement that made the job dead, so an error on the last attempt and a lease that
 * expired on it are reported alike. Must be idempotent: it can run more than once.
 */
export type JobFailureReporter = (failure: JobFailure, ctx: JobContext) => Promise<void>;

/**
 * Runs one job. Resolve → done; throw → retry with backoff (or dead, see PermanentJobError; or
 * queued again for later without counting the attempt, see DeferJobError).
 */
export type JobHandler = (job: LeasedJob, ctx: JobContext) => Promise<void>;

/** Row shape of `jobs` as RETURNING gives it. */
export interface JobRow {
  id: number;
  kind: string;
  installation_id: number;
  repo_id: number;
  payload: unknown;
  dedupe_key: string | null;
  group_key: string | null;
  attempts: number;
  max_attempts: number;
  run_at: Date;
  lease_until: Date;
  lease_token: string;
  last_error: JobDiagnostics | null;
  created_at: Date;
  generation: number;
  deferred: boolean | null;
}

/** The columns `toLeasedJob` reads, for RETURNING clauses. */
export const LEASED_COLUMNS =
  "id, kind, installation_id, repo_id, payload, dedupe_key, group_key, attempts, max_attempts, run_at, lease_until, lease_token, last_error, created_at, generation, deferred";

/** Maps a `jobs` row to the shape handlers see. */
export function toLeasedJob(row: JobRow): LeasedJob {
  return {
    id: row.id,
    kind: row.kind,
    installationId: row.installation_id,
    repoId: row.repo_id,
    payload: row.payload,
    dedupeKey: row.dedupe_key,
    groupKey: row.group_key,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: row.run_at,
    leaseUntil: row.lease_until,
    leaseToken: row.lease_token,
    lastError: row.last_error,
    createdAt: row.created_at,
    generation: row.generation ?? 0,
    deferred: row.deferred === true,
  };
}
