import pino from "pino";
import type { Queryable } from "../../src/store/db.ts";

/** A logger that prints nothing (tests read outcomes from the database, not from logs). */
export const silentLog = pino({ level: "silent" });

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}

/** Counts jobs per status. */
export async function countByStatus(q: Queryable): Promise<Record<string, number>> {
  const { rows } = await q.query<{ status: string; n: number }>(
    "SELECT status, count(*)::int AS n FROM jobs GROUP BY status",
  );
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

/** Reads one job row. */
export async function readJob(q: Queryable, id: number) {
  const { rows } = await q.query<{
    status: string;
    attempts: number;
    run_at: Date;
    updated_at: Date;
    lease_token: string | null;
    lease_until: Date | null;
    deferred: boolean;
    last_error: {
      message: string;
      name: string;
      stack?: string;
      attempts: { attempt: number; at: string; message: string }[];
    } | null;
  }>("SELECT * FROM jobs WHERE id = $1", [id]);
  return rows[0];
}

/** A job for tests: repository 1 of installation 1. */
export function aJob(overrides: Record<string, unknown> = {}) {
  return { kind: "test", installationId: 1, repoId: 1, payload: {}, ...overrides };
}
