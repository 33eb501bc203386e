import type { Logger } from "pino";

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
}

/** What a handler gets besides its job. */
export interface JobContext {
  /** A child logger bound to `jobId`, `kind`, `repoId` and `attempt`. */
  log: Logger;
  /** Aborted when the worker stops past its deadline or the lease was lost. */
  signal: AbortSignal;
}

/** Runs one job. Resolve → done; throw → retry with backoff (or dead, see PermanentJobError). */
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
}

/** The columns `toLeasedJob` reads, for RETURNING clauses. */
export const LEASED_COLUMNS =
  "id, kind, installation_id, repo_id, payload, dedupe_key, group_key, attempts, max_attempts, run_at, lease_until, lease_token, last_error, created_at";

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
  };
}
