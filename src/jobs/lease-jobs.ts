import type { Db, Queryable } from "../store/db.ts";
import { type JobRow, LEASED_COLUMNS, type LeasedJob, toLeasedJob } from "./job-types.ts";
import { reapExpiredLeases } from "./reap-expired-leases.ts";

/** How many jobs to take and for how long. */
export interface LeaseOptions {
  /** At most this many jobs, never two of one group. */
  limit: number;
  /** The lease length; an unfinished job becomes runnable again after it. */
  leaseMs: number;
}

// Due queued jobs, oldest first, that are the head of their group (no earlier due job of the
// group waits) and whose group has no running job. Both filters only read this statement's
// snapshot, so they are an efficiency filter; exclusivity is decided by `takeRows`.
const SELECT_CANDIDATES = `
  SELECT j.id, j.group_key
  FROM jobs j
  WHERE j.status = 'queued' AND j.run_at <= now()
    AND (j.group_key IS NULL OR (
      NOT EXISTS (SELECT 1 FROM jobs r
                  WHERE r.group_key = j.group_key AND r.status = 'running' AND r.lease_until >= now())
      AND NOT EXISTS (SELECT 1 FROM jobs e
                      WHERE e.group_key = j.group_key AND e.status = 'queued' AND e.run_at <= now()
                        AND (e.run_at, e.id) < (j.run_at, j.id))))
  ORDER BY j.run_at, j.id
  LIMIT $1
  FOR UPDATE OF j SKIP LOCKED`;

// One advisory lock per group serializes every leaser of that group until its transaction ends.
const LOCK_GROUPS = `
  SELECT g AS group_key FROM unnest($1::text[]) AS g
  WHERE pg_try_advisory_xact_lock(hashtextextended(g, 0))`;

// A new statement, so a new snapshot taken after the group locks were granted: it sees every
// running job committed by a leaser that held one of those locks before us.
const TAKE_ROWS = `
  UPDATE jobs j SET status = 'running', attempts = j.attempts + 1,
    lease_until = clock_timestamp() + $2::double precision * interval '1 millisecond',
    lease_token = gen_random_uuid()::text, updated_at = now()
  WHERE j.id = ANY($1::bigint[]) AND j.status = 'queued'
    AND (j.group_key IS NULL OR NOT EXISTS (
      SELECT 1 FROM jobs r
      WHERE r.group_key = j.group_key AND r.status = 'running' AND r.lease_until >= now()))
  RETURNING ${LEASED_COLUMNS}`;

/** Keeps the first candidate of each group, in queue order. */
function firstPerGroup(rows: { id: number; group_key: string | null }[]) {
  const seen = new Set<string>();
  return rows.filter((row) => {
    if (row.group_key === null) return true;
    if (seen.has(row.group_key)) return false;
    seen.add(row.group_key);
    return true;
  });
}

async function leaseInTransaction(tx: Queryable, options: LeaseOptions): Promise<LeasedJob[]> {
  await reapExpiredLeases(tx);
  const { rows } = await tx.query<{ id: number; group_key: string | null }>(SELECT_CANDIDATES, [
    options.limit,
  ]);
  let candidates = firstPerGroup(rows);
  if (candidates.length === 0) return [];

  const groups = candidates.flatMap((row) => (row.group_key === null ? [] : [row.group_key]));
  if (groups.length > 0) {
    const locked = await tx.query<{ group_key: string }>(LOCK_GROUPS, [groups]);
    const ours = new Set(locked.rows.map((row) => row.group_key));
    // A group locked by another leaser is being leased right now: leave it to them.
    candidates = candidates.filter((row) => row.group_key === null || ours.has(row.group_key));
    if (candidates.length === 0) return [];
  }

  const taken = await tx.query<JobRow>(TAKE_ROWS, [
    candidates.map((row) => row.id),
    options.leaseMs,
  ]);
  return taken.rows
    .map(toLeasedJob)
    .sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id);
}

/**
 * Leases up to `limit` runnable jobs in one transaction: queued and due, or running with an
 * expired lease (a crashed worker's). Each gets status `running`, one more attempt, a lease
 * until now + `leaseMs` and a fresh lease token. Never returns two jobs of one group, and never
 * a job whose group already has a running job — across workers and replicas (see docs/jobs.md).
 */
export async function leaseJobs(db: Db, options: LeaseOptions): Promise<LeasedJob[]> {
  if (options.limit <= 0) return [];
  return db.transaction((tx) => leaseInTransaction(tx, options));
}
