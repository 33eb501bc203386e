import type { Db, Queryable } from "../store/db.ts";
import {
  countRoundsInFlight,
  countSentToday,
  type DispatchAttempt,
  markHeld,
  markSending,
  readAttempt,
} from "../store/dispatch-repository.ts";

/** What the claim decided. */
export type Claim =
  /** This job sends now (the row is `sending`, counted for the daily cap). */
  | { kind: "send"; attempt: DispatchAttempt }
  /** An earlier run of this job claimed it and its outcome is unknown: look before sending. */
  | { kind: "unknown"; attempt: DispatchAttempt }
  /** The outcome is recorded already (a retry after the answer was stored). */
  | { kind: "recorded"; attempt: DispatchAttempt }
  /** A cap holds it: try again after `retryInMs`. */
  | { kind: "held"; reason: string; retryInMs: number };

export interface Caps {
  maxPerDay: number;
  maxInFlight: number | undefined;
  now: Date;
}

/** Milliseconds from `now` to the next UTC midnight (plus a minute, so the new day has begun). */
export function untilNextUtcDay(now: Date): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return next - now.getTime() + 60_000;
}

/** How long a round held by the process-wide limit waits before it looks again. */
export const IN_FLIGHT_RETRY_MS = 60_000;

async function decide(tx: Queryable, attempt: DispatchAttempt, caps: Caps): Promise<Claim> {
  const sent = await countSentToday(tx, attempt.repoId, caps.now);
  if (sent >= caps.maxPerDay) {
    return {
      kind: "held",
      reason: `this repository reached \`remediation.max_dispatches_per_day: ${caps.maxPerDay}\` today (UTC); the round is dispatched after midnight UTC`,
      retryInMs: untilNextUtcDay(caps.now),
    };
  }
  if (caps.maxInFlight !== undefined) {
    const inFlight = await countRoundsInFlight(tx, attempt);
    if (inFlight >= caps.maxInFlight) {
      return {
        kind: "held",
        reason: `${inFlight} rounds are in flight across this app's repositories (\`REVIEWLOOP_MAX_ROUNDS_IN_FLIGHT: ${caps.maxInFlight}\`); trying again in a minute`,
        retryInMs: IN_FLIGHT_RETRY_MS,
      };
    }
  }
  return { kind: "send", attempt };
}

/**
 * Serializes the claims the caps count: the repository's (its daily cap), and every claim when
 * the process-wide limit of rounds in flight is set. Under READ COMMITTED a claim does not see
 * another's uncommitted `sending` row, so without these locks two pull requests of one
 * repository (or two repositories under the global limit) could both count below the cap and
 * both send. The locks are transaction-scoped (released at commit) and always taken in this
 * order, repository first, so two claims never wait on each other in a cycle.
 */
async function lockCaps(tx: Queryable, repoId: number, caps: Caps): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [
    dailyCapLockName(repoId),
  ]);
  if (caps.maxInFlight !== undefined) {
    await tx.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [IN_FLIGHT_LOCK_NAME]);
  }
}

/** The advisory lock's name (hashed to its key) for one repository's daily cap. */
export function dailyCapLockName(repoId: number): string {
  return `reviewloop:dispatches-per-day:${repoId}`;
}

/** The advisory lock's name for the process-wide limit of rounds in flight. */
export const IN_FLIGHT_LOCK_NAME = "reviewloop:rounds-in-flight";

/**
 * Claims the attempt's row before anything is sent, in one transaction under the job's lease:
 * the caps are checked and the row becomes `sending` (with the payload it will carry) together,
 * so two replicas, or a job and its own retry, never both send it. A row already `sending` is an
 * unknown outcome (a crash or a lost answer after the request left): the caller looks for the
 * run before sending again. Claims the caps count are serialized (`lockCaps`).
 */
export function claimAttempt(
  db: Db,
  dispatchId: string,
  payload: unknown,
  caps: Caps,
  assertLease: (q: Queryable) => Promise<void>,
): Promise<Claim | null> {
  return db.transaction(async (tx) => {
    await assertLease(tx);
    const attempt = await readAttempt(tx, dispatchId, true);
    if (attempt === null) return null;
    if (attempt.status === "sending") return { kind: "unknown", attempt };
    if (attempt.status !== "intended" && attempt.status !== "held") {
      return { kind: "recorded", attempt };
    }
    await lockCaps(tx, attempt.repoId, caps);
    const claim = await decide(tx, attempt, caps);
    if (claim.kind === "held") await markHeld(tx, dispatchId, claim.reason);
    else await markSending(tx, dispatchId, payload);
    return claim;
  });
}
