import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  claimAttempt,
  dailyCapLockName,
  untilNextUtcDay,
} from "../../src/dispatch-job/claim-attempt.ts";
import type { Db, Queryable } from "../../src/store/db.ts";
import { readAttempt } from "../../src/store/dispatch-repository.ts";
import { openTestDb, type TestDatabase, testBackends } from "../helpers/test-db.ts";

const REPO = 7001;
const NOON = new Date("2026-12-02T12:00:00Z");
const noLease = async () => {};

describe.each(testBackends())("dispatch-job/claimAttempt (%s)", (backend) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await openTestDb(backend);
  });
  afterAll(() => test.cleanup());
  beforeEach(async () => {
    await test.db.query("DELETE FROM dispatches");
    await test.db.query("DELETE FROM loops");
  });

  async function intend(id: string, pr = 1, status = "intended", sentAt: Date | null = null) {
    await test.db.query(
      `INSERT INTO dispatches (installation_id, repo_id, pr_number, round, attempt, dispatch_id,
         target, status, sent_at)
       VALUES (1, $1, $2, 1, 1, $3, 'workflow_dispatch', $4, $5)`,
      [REPO, pr, id, status, sentAt],
    );
  }

  async function roundInFlight(repoId: number, pr: number, phase: string, dispatchId?: string) {
    await test.db.query(
      `INSERT INTO loops (installation_id, repo_id, pr_number, repo_full_name, status, state)
       VALUES (1, $1, $2, 'o/r', 'awaiting_fix', $3)`,
      [repoId, pr, { status: "awaiting_fix", fix: { phase, dispatchId } }],
    );
  }

  /** Today's dispatches of the repository, from other pull requests. */
  async function sentToday(count: number) {
    for (let i = 0; i < count; i++) {
      await intend(`rl-earlier-${i}`, 100 + i, "accepted", new Date("2026-12-02T08:00:00Z"));
    }
  }

  const caps = (maxPerDay: number, maxInFlight?: number) => ({ maxPerDay, maxInFlight, now: NOON });

  it("claims an intended attempt once: the row is sending, with its payload, and counted", async () => {
    await intend("rl-a");
    const first = await claimAttempt(test.db, "rl-a", { v: 1 }, caps(50), noLease);
    expect(first?.kind).toBe("send");
    const row = await readAttempt(test.db, "rl-a");
    expect(row?.status).toBe("sending");
    expect(row?.sentAt).not.toBeNull();
    // A retry of the job (or a second replica) finds it sending: an unknown outcome, never a second send.
    const second = await claimAttempt(test.db, "rl-a", { v: 1 }, caps(50), noLease);
    expect(second?.kind).toBe("unknown");
  });

  it("two claims at once: exactly one sends", async () => {
    await intend("rl-race");
    const claims = await Promise.all([
      claimAttempt(test.db, "rl-race", {}, caps(50), noLease),
      claimAttempt(test.db, "rl-race", {}, caps(50), noLease),
    ]);
    expect(claims.map((c) => c?.kind).sort()).toEqual(["send", "unknown"]);
  });

  it("holds at the repository's daily cap until the next UTC day, and says so", async () => {
    await intend("rl-sent-1", 2, "accepted", new Date("2026-12-02T08:00:00Z"));
    await intend("rl-sent-2", 3, "failed", new Date("2026-12-02T09:00:00Z"));
    // Yesterday's dispatch does not count.
    await intend("rl-old", 4, "accepted", new Date("2026-12-01T23:59:00Z"));
    await intend("rl-next", 5);
    const claim = await claimAttempt(test.db, "rl-next", {}, caps(2), noLease);
    expect(claim).toMatchObject({ kind: "held" });
    if (claim?.kind !== "held") return;
    expect(claim.reason).toContain("max_dispatches_per_day: 2");
    expect(claim.retryInMs).toBe(untilNextUtcDay(NOON));
    expect((await readAttempt(test.db, "rl-next"))?.status).toBe("held");
    // Under the cap it sends, also from `held`.
    expect((await claimAttempt(test.db, "rl-next", {}, caps(3), noLease))?.kind).toBe("send");
  });

  it("holds while the process-wide limit of rounds in flight is reached (not counting this PR)", async () => {
    await roundInFlight(REPO, 10, "running");
    await roundInFlight(8002, 11, "accepted");
    await roundInFlight(8003, 12, "pushed"); // being reviewed: not in the fixer's hands
    await roundInFlight(REPO, 6, "accepted"); // this pull request itself
    await intend("rl-limited", 6);
    const held = await claimAttempt(test.db, "rl-limited", {}, caps(50, 2), noLease);
    expect(held).toMatchObject({ kind: "held" });
    if (held?.kind === "held") expect(held.reason).toContain("REVIEWLOOP_MAX_ROUNDS_IN_FLIGHT: 2");
    expect((await claimAttempt(test.db, "rl-limited", {}, caps(50, 3), noLease))?.kind).toBe(
      "send",
    );
  });

  it("two pull requests of one repository claiming at once at the daily cap − 1: one sends, one is held", async () => {
    await sentToday(2);
    await intend("rl-pr-20", 20);
    await intend("rl-pr-21", 21);
    const other = await test.openAnother();
    const claims = await Promise.all([
      claimAttempt(test.db, "rl-pr-20", {}, caps(3), noLease),
      claimAttempt(other, "rl-pr-21", {}, caps(3), noLease),
    ]);
    expect(claims.map((c) => c?.kind).sort()).toEqual(["held", "send"]);
    const rows = await Promise.all(["rl-pr-20", "rl-pr-21"].map((id) => readAttempt(test.db, id)));
    expect(rows.map((r) => r?.status).sort()).toEqual(["held", "sending"]);
  });

  it.skipIf(backend === "pglite")(
    "a claim of the same repository waits for an uncommitted claim, then counts it (PostgreSQL)",
    async () => {
      await sentToday(2);
      await intend("rl-pr-30", 30);
      await intend("rl-pr-31", 31);
      // A claims and stops before its commit; B runs on another connection meanwhile.
      let claimed!: () => void;
      const aClaimed = new Promise<void>((resolve) => {
        claimed = resolve;
      });
      let commit!: () => void;
      const mayCommit = new Promise<void>((resolve) => {
        commit = resolve;
      });
      const paused: Db = {
        ...test.db,
        transaction: <T>(fn: (tx: Queryable) => Promise<T>) =>
          test.db.transaction(async (tx) => {
            const result = await fn(tx);
            claimed();
            await mayCommit;
            return result;
          }),
      };
      const a = claimAttempt(paused, "rl-pr-30", {}, caps(3), noLease);
      await aClaimed;
      const other = await test.openAnother();
      const b = claimAttempt(other, "rl-pr-31", {}, caps(3), noLease);
      // B either finishes while A is uncommitted (it did not see A's claim: the race) or waits
      // on the repository's lock, as observed in pg_locks.
      let raceOver = false;
      const first = await Promise.race([
        b.then(() => "b finished" as const),
        waitForLockWaiter(test.db, dailyCapLockName(REPO), () => raceOver).then(
          () => "b waits" as const,
        ),
      ]);
      raceOver = true;
      commit();
      expect(first).toBe("b waits");
      expect((await a)?.kind).toBe("send");
      const held = await b;
      expect(held).toMatchObject({ kind: "held" });
      if (held?.kind === "held") expect(held.reason).toContain("max_dispatches_per_day: 3");
    },
  );

  it("an attempt of another pull request being sent (claimed, not answered) counts as a round in flight", async () => {
    // PR 40's current attempt is claimed and being sent; its loop still says `dispatching`.
    await roundInFlight(8004, 40, "dispatching", "r1.1.1");
    await test.db.query(
      `INSERT INTO dispatches (installation_id, repo_id, pr_number, round, attempt, dispatch_id,
         target, status, sent_at)
       VALUES (1, 8004, 40, 1, 1, 'rl-8004-40-r1.1.1', 'workflow_dispatch', 'sending', $1)`,
      [NOON],
    );
    // PR 41's round is accepted and its row still `sending` (a job that died after sending):
    // one round, counted once.
    await roundInFlight(8005, 41, "accepted", "r2.1.3");
    await test.db.query(
      `INSERT INTO dispatches (installation_id, repo_id, pr_number, round, attempt, dispatch_id,
         target, status, sent_at)
       VALUES (1, 8005, 41, 2, 1, 'rl-8005-41-r2.1.3', 'workflow_dispatch', 'sending', $1)`,
      [NOON],
    );
    await intend("rl-wants", 42);
    const held = await claimAttempt(test.db, "rl-wants", {}, caps(50, 2), noLease);
    expect(held).toMatchObject({ kind: "held" });
    if (held?.kind === "held") expect(held.reason).toContain("2 rounds are in flight");
    expect((await claimAttempt(test.db, "rl-wants", {}, caps(50, 3), noLease))?.kind).toBe("send");
  });

  it("a recorded outcome is not claimed again", async () => {
    await intend("rl-done", 7, "accepted", NOON);
    expect((await claimAttempt(test.db, "rl-done", {}, caps(50), noLease))?.kind).toBe("recorded");
  });

  it("a job that lost its lease claims nothing", async () => {
    await intend("rl-lost");
    await expect(
      claimAttempt(test.db, "rl-lost", {}, caps(50), async () => {
        throw new Error("lease lost");
      }),
    ).rejects.toThrow("lease lost");
    expect((await readAttempt(test.db, "rl-lost"))?.status).toBe("intended");
  });

  it("next UTC day: from noon, 12 h and a minute", () => {
    expect(untilNextUtcDay(NOON)).toBe(12 * 3_600_000 + 60_000);
  });
});

/**
 * Resolves once some transaction waits for the advisory lock named `name` (seen in pg_locks), or
 * when `over()` says nobody listens any more.
 */
async function waitForLockWaiter(db: Db, name: string, over: () => boolean): Promise<void> {
  while (!over()) {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks, (SELECT hashtextextended($1, 0) AS k) key
       WHERE locktype = 'advisory' AND NOT granted AND objsubid = 1
         AND classid::bigint = ((key.k >> 32) & 4294967295)
         AND objid::bigint = (key.k & 4294967295)`,
      [name],
    );
    if ((rows[0]?.n ?? 0) > 0) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
