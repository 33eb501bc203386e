import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  claimCommandRun,
  claimCooldown,
  finishCommandRun,
  readCommandRun,
  recordCommandOutcome,
  recordCommandReaction,
} from "../../src/store/command-repository.ts";
import { purgeRepository } from "../../src/store/purge-repository.ts";
import { openTestDb, type TestDatabase, testBackends } from "../helpers/test-db.ts";

describe.each(testBackends())("store/command-repository on %s", (backend) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await openTestDb(backend);
  });
  afterAll(() => test.cleanup());

  const scope = { installationId: 1, repoId: 10, prNumber: 5 };
  const claim = (id: number, jobId: number) =>
    claimCommandRun(test.db, { ...scope, kind: "issue_comment", id, actor: "a", jobId });

  describe("claiming a comment", () => {
    it("lets the first job and its retries run it, and no other job", async () => {
      const first = await claim(1, 100);
      const retry = await claim(1, 100);
      const other = await claim(1, 101);
      await finishCommandRun(test.db, { kind: "issue_comment", id: 1 }, "done");
      const afterDone = await claim(1, 100);

      expect([first.claimed, retry.claimed, other.claimed, afterDone.claimed]).toEqual([
        true,
        true,
        false,
        false,
      ]);
    });

    it("keeps issue comments and review comments with the same id apart", async () => {
      await claim(2, 200);

      const review = await claimCommandRun(test.db, {
        ...scope,
        kind: "review_comment",
        id: 2,
        actor: "a",
        jobId: 201,
      });

      expect(review.claimed).toBe(true);
    });
  });

  describe("recording what a comment's commands came to", () => {
    const key = { kind: "issue_comment", id: 7 } as const;

    it("keeps the first outcome of a line and hands it to a retry of the job", async () => {
      await claim(7, 700);
      const pause = { line: 1, command: "pause", outcome: "ran", message: "Paused." } as const;

      await recordCommandOutcome(test.db, key, pause);
      const again = await recordCommandOutcome(test.db, key, {
        ...pause,
        message: "The loop is already paused.",
      });
      await recordCommandOutcome(test.db, key, {
        line: 2,
        command: "ignore",
        outcome: "ran",
        message: "`F1` is ignored.",
        quiet: true,
      });
      const retry = await claim(7, 700);

      expect(again.message).toBe("Paused.");
      expect(retry.claimed && retry.results.map((r) => [r.line, r.message, r.quiet])).toEqual([
        [1, "Paused.", undefined],
        [2, "`F1` is ignored.", true],
      ]);
    });

    it("keeps the first closing reaction, so a retry never sends the other one", async () => {
      await claim(8, 800);

      const first = await recordCommandReaction(test.db, { ...key, id: 8 }, "confused");
      const second = await recordCommandReaction(test.db, { ...key, id: 8 }, "+1");

      expect([first, second]).toEqual(["confused", "confused"]);
      expect((await readCommandRun(test.db, { ...key, id: 8 }))?.reaction).toBe("confused");
    });
  });

  describe("the cooldown", () => {
    const at = (seconds: number) => new Date(Date.UTC(2026, 10, 21, 12, 0, seconds));
    const comment = (id: number) => ({ kind: "issue_comment" as const, id });

    it("refuses another comment within the cooldown and says how long is left", async () => {
      const first = await claimCooldown(test.db, scope, "full-review", comment(10), at(0), 60);
      const second = await claimCooldown(test.db, scope, "full-review", comment(11), at(15), 60);
      const sameAgain = await claimCooldown(test.db, scope, "full-review", comment(10), at(20), 60);
      const fix = await claimCooldown(test.db, scope, "fix", comment(11), at(20), 60);
      const later = await claimCooldown(test.db, scope, "full-review", comment(12), at(61), 60);

      expect(first).toEqual({ ok: true });
      expect(second).toEqual({ ok: false, remainingSeconds: 45 });
      expect(sameAgain).toEqual({ ok: true });
      expect(fix).toEqual({ ok: true });
      expect(later).toEqual({ ok: true });
    });

    it("lets only one of two concurrent comments take it", async () => {
      const other = { ...scope, prNumber: 6 };
      const db2 = await test.openAnother();

      const results = await Promise.all([
        claimCooldown(test.db, other, "fix", comment(20), at(0), 60),
        claimCooldown(db2, other, "fix", comment(21), at(0), 60),
      ]);

      expect(results.filter((r) => r.ok)).toHaveLength(1);
    });
  });

  it("is purged with its repository", async () => {
    const counts = await purgeRepository(test.db, 1, 10);

    expect(counts.command_runs).toBeGreaterThan(0);
    expect(counts.command_cooldowns).toBeGreaterThan(0);
  });
});
