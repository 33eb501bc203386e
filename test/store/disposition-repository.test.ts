import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  listFiledDispositions,
  readFinding,
  recordDisposition,
  type StoredDisposition,
} from "../../src/store/disposition-repository.ts";
import { purgeRepository } from "../../src/store/purge-repository.ts";
import { openTestDb, type TestDatabase, testBackends } from "../helpers/test-db.ts";

describe.each(testBackends())("store/disposition-repository on %s", (backend) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await openTestDb(backend);
  });
  afterAll(() => test.cleanup());

  async function seed(pr: number, id: string, status = "open"): Promise<void> {
    await test.db.query(
      `INSERT INTO findings (installation_id, repo_id, pr_number, short_id, fingerprint, rule_id,
         engine, severity, category, path, line, side, title, body, status)
       VALUES (7, 10, $1, $2, $3, 'todo-comment', 'builtin', 'critical', 'correctness', 'a.ts', 3,
         'RIGHT', 'title', 'body', $4)`,
      [pr, id, `fp-${pr}-${id}`, status],
    );
  }

  function claim(overrides: Partial<StoredDisposition> = {}): StoredDisposition {
    return {
      disposition: "fixed",
      by: "fixer[bot]",
      at: "2026-11-21T12:00:00.000Z",
      source: "comment",
      round: 1,
      commentId: 900,
      ...overrides,
    };
  }

  describe("recordDisposition", () => {
    it("keeps the claim on the finding and one history row per finding and round, with who filed it", async () => {
      await seed(1, "F1");
      const pr = { repoId: 10, prNumber: 1 };

      const recorded = await recordDisposition(test.db, pr, "F1", claim({ note: "done" }));

      expect(recorded).toBe(true);
      expect((await readFinding(test.db, pr, "F1"))?.disposition).toMatchObject({
        disposition: "fixed",
        by: "fixer[bot]",
        round: 1,
      });
      expect(await listFiledDispositions(test.db, pr)).toEqual([
        {
          fingerprint: "fp-1-F1",
          id: "F1",
          round: 1,
          disposition: "fixed",
          note: "done",
          filedBy: "fixer[bot]",
          source: "comment",
          commentId: 900,
          verified: null,
        },
      ]);
    });

    it("replaces the claim of the same round, adds one for a later round, and clears an earlier verification", async () => {
      await seed(2, "F1");
      const pr = { repoId: 10, prNumber: 2 };
      await recordDisposition(test.db, pr, "F1", claim());
      await test.db.query(
        `UPDATE findings SET disposition = disposition || '{"verified":"still_present"}'::jsonb
         WHERE pr_number = 2`,
      );
      await test.db.query(
        "UPDATE finding_dispositions SET verified = 'still_present' WHERE pr_number = 2",
      );

      await recordDisposition(
        test.db,
        pr,
        "F1",
        claim({ disposition: "disagree", by: "octocat", source: "thread" }),
      );
      await recordDisposition(test.db, pr, "F1", claim({ disposition: "deferred", round: 2 }));

      const history = await listFiledDispositions(test.db, pr);
      expect(history.map((h) => [h.round, h.disposition, h.filedBy, h.source, h.verified])).toEqual(
        [
          [1, "disagree", "octocat", "thread", null],
          [2, "deferred", "fixer[bot]", "comment", null],
        ],
      );
      const finding = await readFinding(test.db, pr, "F1");
      expect(finding?.disposition?.disposition).toBe("deferred");
      expect(finding?.disposition?.verified).toBeUndefined();
    });

    it("records nothing on a finding that is not open", async () => {
      await seed(3, "F1", "resolved");
      const pr = { repoId: 10, prNumber: 3 };

      expect(await recordDisposition(test.db, pr, "F1", claim())).toBe(false);
      expect(await recordDisposition(test.db, pr, "F9", claim())).toBe(false);
      expect(await listFiledDispositions(test.db, pr)).toEqual([]);
    });

    it("is purged with the repository", async () => {
      await seed(4, "F1");
      await recordDisposition(test.db, { repoId: 10, prNumber: 4 }, "F1", claim());

      await purgeRepository(test.db, 7, 10);

      expect(await listFiledDispositions(test.db, { repoId: 10, prNumber: 4 })).toEqual([]);
    });
  });
});
