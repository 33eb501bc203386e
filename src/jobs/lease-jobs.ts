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
// - synchronous_commit off, on PostgreSQL only: no wait for the WAL flush (3.5 ms per commit on
//   the bench machine). Only a database server crash can lose such a commit, and a lost lease is
//   a job that runs again — at-least-once delivery already allows that (docs/jobs.md,
//   "Durability"). On PGlite the app process *is* the database server: a lease committed
//   asynchronously is lost by every kill -9 of the app, attempts counter included, so a job that
//   crashes the process would run again as attempt 1 forever and never die (nor be reported).
const PLANNER_SETTINGS = "SET LOCAL enable_sort = off; SET LOCAL jit = off";
const LEASE_SETTINGS: Record<Db["kind"], string> = {
  postgres: `${PLANNER_SETTINGS}; SET LOCAL synchronous_commit = off`,
  pglite: PLANNER_SETTINGS,
};
const REAP_BATCH = 100;

// How far the ordered walk looks past `limit`: jobs in this window that cannot run now (their
// group is busy, or they wait behind their group's head) cost two index probes each. Past it,
// SELECT_GROUP_HEADS looks at each group's first job instead of walking on through every
// blocked one.
const WINDOW_SLACK = 64;

// Due queued jobs, oldest first (jobs_runnable), no further than the first `limit +
// WINDOW_SLACK` due jobs (`edge`: the run_at just past them, none when fewer are due), that are
// the head of their group (no earlier due job of the group waits) and whose group has no running
// job. Both filters read this statement's snapshot only, so they are an efficiency filter;
// exclusivity is decided by the group lock and TAKE_ROWS. Rows are locked FOR UPDATE SKIP
// LOCKED, so concurrent leasers never take the same row. The outer query takes a
// transaction-scoped advisory lock on each returned row's group: it is evaluated only for rows
// that survived SKIP LOCKED and LIMIT. try-lock never waits; a group another leaser holds is
// left to them. The LEFT JOIN returns one row even when no job qualifies, so `cut` (the window
// was full: more due jobs lie past it) always arrives.
export const SELECT_AND_LOCK = `
  WITH edge AS MATERIALIZED (
    SELECT run_at FROM jobs
    WHERE status = 'queued' AND run_at <= now()
    ORDER BY run_at, id OFFSET $2 LIMIT 1
  )
  SELECT c.id, c.group_key, c.run_at,
    c.group_key IS NULL OR pg_try_advisory_xact_lock(hashtextextended(c.group_key, 0)) AS locked,
    EXISTS (SELECT 1 FROM edge) AS cut
  FROM (SELECT 1) AS one LEFT JOIN (
    SELECT j.id, j.group_key, j.run_at
    FROM jobs j
    WHERE j.status = 'queued' AND j.run_at <= now()
      AND j.run_at <= coalesce((SELECT run_at FROM edge), now())
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
  ) c ON true`;

// Past the window (run only when it was full and yielded fewer than `limit`: a busy pull
// request's backlog fills it): `groups` is a loose index scan of jobs_queued_group (one descent
// per group with queued jobs, however many jobs each has), `heads` each group's first queued
// job when it is due and its group has no running job, plus due jobs without a group, and
// `picked` the oldest of them not already found ($2). Locked as above.
export const SELECT_GROUP_HEADS = `
  WITH RECURSIVE groups(group_key) AS (
    -- ORDER BY the whole key of jobs_queued_group, so that index (queued jobs only) is the
    -- plan; jobs_group would also walk every finished job of the groups in between.
    (SELECT group_key FROM jobs
     WHERE status = 'queued' AND group_key IS NOT NULL
     ORDER BY group_key, run_at, id LIMIT 1)
    UNION ALL
    SELECT (SELECT j.group_key FROM jobs j
            WHERE j.status = 'queued' AND j.group_key IS NOT NULL AND j.group_key > g.group_key
            ORDER BY j.group_key, j.run_at, j.id LIMIT 1)
    FROM groups g WHERE g.group_key IS NOT NULL
  ), heads AS MATERIALIZED (
    SELECT h.id, h.run_at FROM groups g CROSS JOIN LATERAL (
      SELECT q.id, q.run_at FROM jobs q
      WHERE q.status = 'queued' AND q.group_key = g.group_key
      ORDER BY q.run_at, q.id LIMIT 1) h
    WHERE g.group_key IS NOT NULL AND h.run_at <= now()
      AND NOT EXISTS (SELECT 1 FROM jobs r
                      WHERE r.group_key = g.group_key AND r.status = 'running'
                        AND r.lease_until >= now())
    UNION ALL
    (SELECT u.id, u.run_at FROM jobs u
     WHERE u.status = 'queued' AND u.group_key IS NULL AND u.run_at <= now()
     ORDER BY u.run_at, u.id LIMIT $1)
  ), picked AS MATERIALIZED (
    -- A CTE scan has no order to offer, so this sorts (a few rows) even with enable_sort off.
    SELECT id FROM heads WHERE id <> ALL($2::bigint[]) ORDER BY run_at, id LIMIT $1
  )
  SELECT c.id, c.group_key, c.run_at,
    c.group_key IS NULL OR pg_try_advisory_xact_lock(hashtextextended(c.group_key, 0)) AS locked,
    false AS cut
  FROM (
    SELECT j.id, j.group_key, j.run_at
    FROM picked p JOIN jobs j ON j.id = p.id
    WHERE j.status = 'queued'
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
  /** null on the one row SELECT_AND_LOCK returns when no job qualified. */
  id: number | null;
  group_key: string | null;
  run_at: Date;
  locked: boolean;
  /** SELECT_AND_LOCK's window was full: more due jobs lie past it. */
  cut: boolean;
}

type Found = Candidate & { id: number };

const byQueueOrder = (a: { id: number; run_at: Date }, b: { id: number; run_at: Date }) =>
  a.run_at.getTime() - b.run_at.getTime() || a.id - b.id;

/** Keeps the first candidate of each group, in queue order, and only groups we locked. */
function firstPerLockedGroup(rows: Found[]): Found[] {
  const seen = new Set<string>();
  return [...rows].sort(byQueueOrder).filter((row) => {
    if (!row.locked) return false;
    if (row.group_key === null) return true;
    if (seen.has(row.group_key)) return false;
    seen.add(row.group_key);
    return true;
  });
}

async function leaseInTransaction(
  tx: Queryable,
  settings: string,
  options: LeaseOptions,
): Promise<LeasedJob[]> {
  // One round trip: planner settings, then expired leases become queued (or dead) so the
  // candidate query below sees them as ordinary queued jobs.
  await tx.exec(`${settings}; ${reapExpiredLeasesSql(REAP_BATCH)}`);
  const { rows } = await tx.query<Candidate>(SELECT_AND_LOCK, [
    options.limit,
    options.limit + WINDOW_SLACK,
  ]);
  const found = rows.filter((row): row is Found => row.id !== null);
  let candidates = firstPerLockedGroup(found);
  if (candidates.length < options.limit && rows[0]?.cut) {
    // Rare: the window was mostly blocked jobs. One more round trip, costing the number of
    // groups waiting rather than the number of jobs.
    const heads = await tx.query<Found>(SELECT_GROUP_HEADS, [
      options.limit,
      found.map((row) => row.id),
    ]);
    candidates = firstPerLockedGroup([...found, ...heads.rows]).slice(0, options.limit);
  }
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
  return db.transaction((tx) => leaseInTransaction(tx, LEASE_SETTINGS[db.kind], options));
}
