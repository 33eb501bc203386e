import type { Db, Queryable } from "../store/db.ts";
import { type JobRow, LEASED_COLUMNS, type LeasedJob, toLeasedJob } from "./job-types.ts";
import { reapExpiredLeasesSql } from "./reap-expired-leases.ts";

/** How many jobs to take and for how long. */
export interface LeaseOptions {
  /** At most this many jobs, never two of one group. */
  limit: number;
  /** The lease length; an unfinished job becomes runnable again after it. */
  leaseMs: number;
}

// Settings for the lease transaction only (SET LOCAL):
// - enable_sort off: the candidate query must walk jobs_runnable in (run_at, id) order and stop
//   after `limit` rows. With stale statistics (a new table, or after a burst) the planner may
//   instead collect every due row, run the per-group subqueries on all of them and sort: 100x
//   slower with a few thousand queued jobs. Without sorting the ordered index scan is the plan.
// - jit off: a disabled path gets a huge cost estimate, which would make PostgreSQL JIT-compile
//   these tiny statements (300 ms each).
// - synchronous_commit off: no wait for the WAL flush (3.5 ms per commit on the bench machine).
//   Only a database server crash can lose such a commit, and a lost lease is a job that runs
//   again — at-least-once delivery already allows that (docs/jobs.md, "Durability").
const LEASE_SETTINGS =
  "SET LOCAL enable_sort = off; SET LOCAL jit = off; SET LOCAL synchronous_commit = off";
const REAP_BATCH = 100;

// Due queued jobs, oldest first, that are the head of their group (no earlier due job of the
// group waits) and whose group has no running job. Both filters read this statement's snapshot
// only, so they are an efficiency filter; exclusivity is decided by the group lock and TAKE_ROWS.
// The outer query takes a transaction-scoped advisory lock on each returned row's group: it is
// evaluated only for rows that survived SKIP LOCKED and LIMIT. try-lock never waits; a group
// another leaser holds is left to them.
const SELECT_AND_LOCK = `
  SELECT c.id, c.group_key, c.run_at,
    c.group_key IS NULL OR pg_try_advisory_xact_lock(hashtextextended(c.group_key, 0)) AS locked
  FROM (
    SELECT j.id, j.group_key, j.run_at
    FROM jobs j
    WHERE j.status = 'queued' AND j.run_at <= now()
      AND (j.group_key IS NULL OR (
        NOT EXISTS (SELECT 1 FROM jobs r
                    WHERE r.group_key = j.group_key AND r.status = 'running'
                      AND r.lease_until >= now())
        AND NOT EXISTS (SELECT 1 FROM jobs e
                        WHERE e.group_key = j.group_key AND e.status = 'queued'
                          AND e.run_at <= now() AND (e.run_at, e.id) < (j.run_at, j.id))))
    ORDER BY j.run_at, j.id
    LIMIT $1
    FOR UPDATE OF j SKIP LOCKED
  ) c`;

// A new statement, so a new snapshot taken after the group locks were granted: it sees every
// running job committed by a leaser that held one of those locks before us.
const TAKE_ROWS = `
  UPDATE jobs j SET status = 'running', attempts = j.attempts + 1,
    lease_until = clock_timestamp() + $2::double precision * interval '1 millisecond',
    lease_token = gen_random_uuid()::text, updated_at = now()
  -- IN (unnest) looks rows up by primary key; = ANY may scan all of jobs_runnable instead.
  WHERE j.id IN (SELECT unnest($1::bigint[])) AND j.status = 'queued'
    AND (j.group_key IS NULL OR NOT EXISTS (
      SELECT 1 FROM jobs r
      WHERE r.group_key = j.group_key AND r.status = 'running' AND r.lease_until >= now()))
  RETURNING ${LEASED_COLUMNS}`;

interface Candidate {
  id: number;
  group_key: string | null;
  run_at: Date;
  locked: boolean;
}

const byQueueOrder = (a: { id: number; run_at: Date }, b: { id: number; run_at: Date }) =>
  a.run_at.getTime() - b.run_at.getTime() || a.id - b.id;

/** Keeps the first candidate of each group, in queue order, and only groups we locked. */
function firstPerLockedGroup(rows: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return [...rows].sort(byQueueOrder).filter((row) => {
    if (!row.locked) return false;
    if (row.group_key === null) return true;
    if (seen.has(row.group_key)) return false;
    seen.add(row.group_key);
    return true;
  });
}

async function leaseInTransaction(tx: Queryable, options: LeaseOptions): Promise<LeasedJob[]> {
  // One round trip: planner settings, then expired leases become queued (or dead) so the
  // candidate query below sees them as ordinary queued jobs.
  await tx.exec(`${LEASE_SETTINGS}; ${reapExpiredLeasesSql(REAP_BATCH)}`);
  const { rows } = await tx.query<Candidate>(SELECT_AND_LOCK, [options.limit]);
  const candidates = firstPerLockedGroup(rows);
  if (candidates.length === 0) return [];
  const taken = await tx.query<JobRow>(TAKE_ROWS, [
    candidates.map((row) => row.id),
    options.leaseMs,
  ]);
  return taken.rows
    .map(toLeasedJob)
    .sort((a, b) => byQueueOrder({ id: a.id, run_at: a.runAt }, { id: b.id, run_at: b.runAt }));
}

/**
 * Leases up to `limit` runnable jobs in one transaction: queued and due, or running with an
 * expired lease (a crashed worker's). Each gets status `running`, one more attempt, a lease
 * until now + `leaseMs` and a fresh lease token. Never returns two jobs of one group, and never
 * a job whose group already has a running job — across workers and replicas (see docs/jobs.md).
 * A job whose last attempt's lease expired goes to `dead` instead.
 */
export async function leaseJobs(db: Db, options: LeaseOptions): Promise<LeasedJob[]> {
  if (options.limit <= 0) return [];
  return db.transaction((tx) => leaseInTransaction(tx, options));
}
