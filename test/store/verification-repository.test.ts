import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlacedFinding } from "../../src/review/finding.ts";
import type { Verification } from "../../src/review/verify-dispositions.ts";
import {
  recordDisposition,
  type StoredDisposition,
} from "../../src/store/disposition-repository.ts";
import { listFindings, saveFindings } from "../../src/store/finding-repository.ts";
import { type ReviewRecord, recordReview } from "../../src/store/review-repository.ts";
import {
  listVerifiedClaims,
  recordVerifications,
} from "../../src/store/verification-repository.ts";
import { openTestDb, type TestDatabase, testBackends } from "../helpers/test-db.ts";

const scope = { installationId: 1, repoId: 2, prNumber: 3 };
const pr = { repoId: 2, prNumber: 3 };
const record: ReviewRecord = {
  ...scope,
  baseSha: "b",
  headSha: "h1",
  mode: "full",
  verdict: "request_changes",
  conclusion: "failure",
  counts: {},
  githubRequests: 7,
  durationMs: 1,
  reviewId: 10,
  checkRunId: 20,
  trigger: "opened",
  jobId: 99,
};

function placed(id: string, line: number): PlacedFinding {
  return {
    id,
    fingerprint: `fp-${id}`,
    placement: "inline",
    ruleId: "conflict-marker",
    engine: "builtin",
    severity: "critical",
    category: "bugs",
    path: "a.ts",
    line,
    side: "RIGHT",
    title: `finding ${id}`,
    body: "b",
  };
}

function claim(disposition: StoredDisposition["disposition"], at: string): StoredDisposition {
  return { disposition, by: "fixer[bot]", at, source: "comment", note: "n" };
}

/** A history row of the claim, as filing a disposition writes it. */
async function fileHistory(db: TestDatabase["db"], id: string, round: number, disposition: string) {
  await db.query(
    `INSERT INTO finding_dispositions (installation_id, repo_id, pr_number, fingerprint, short_id,
       round, disposition, filed_by, source)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'fixer[bot]', 'comment')`,
    [scope.installationId, scope.repoId, scope.prNumber, `fp-${id}`, id, round, disposition],
  );
}

function verification(
  id: string,
  status: Verification["status"],
  c: StoredDisposition | null,
  reraisedAs?: string,
): Verification {
  return {
    fingerprint: `fp-${id}`,
    status,
    claim: c === null ? null : { disposition: c.disposition as "fixed", at: c.at },
    row: {
      id,
      severity: "critical",
      where: "a.ts:1",
      title: "t",
      claimed: null,
      verified: status,
      ...(reraisedAs ? { reraisedAs } : {}),
    },
  };
}

describe.each(testBackends())("store/verification-repository on %s", (backend) => {
  let test: TestDatabase;
  let reviewRowId: number;
  const fixed = claim("fixed", "2026-01-02T00:00:00.000Z");
  const disputed = claim("disagree", "2026-01-02T00:00:01.000Z");
  const deferred = claim("deferred", "2026-01-02T00:00:02.000Z");

  beforeAll(async () => {
    test = await openTestDb(backend);
    reviewRowId = await recordReview(test.db, record);
    await saveFindings(
      test.db,
      scope,
      reviewRowId,
      ["F1", "F2", "F3", "F4"].map((id, i) => ({
        placed: placed(id, i + 1),
        commentId: null,
        commentUrl: null,
      })),
    );
    await recordDisposition(test.db, pr, "F1", fixed);
    await recordDisposition(test.db, pr, "F2", disputed);
    await recordDisposition(test.db, pr, "F3", deferred);
    await fileHistory(test.db, "F1", 1, "disagree");
    await fileHistory(test.db, "F1", 2, "fixed");
  });
  afterAll(() => test.cleanup());

  it("reads each finding's claim with the findings of the pull request", async () => {
    const stored = await listFindings(test.db, pr.repoId, pr.prNumber);

    expect(stored.map((f) => [f.id, f.disposition?.disposition ?? null])).toEqual([
      ["F1", "fixed"],
      ["F2", "disagree"],
      ["F3", "deferred"],
      ["F4", null],
    ]);
  });

  it("lists unverified claims as pending", async () => {
    const rows = await listVerifiedClaims(test.db, pr);

    expect(rows.map((r) => [r.id, r.verified])).toEqual([
      ["F1", "pending"],
      ["F2", "pending"],
      ["F3", "pending"],
    ]);
  });

  describe("after a pass verified them", () => {
    beforeAll(async () => {
      await recordVerifications(test.db, pr, { reviewRowId, headSha: "h2" }, [
        verification("F1", "still_present", fixed),
        verification("F2", "reraised", disputed, "F9"),
        // Filed again while the pass ran: another `at`, so this verification is stale.
        verification("F3", "deferred", { ...deferred, at: "2026-01-01T00:00:00.000Z" }),
        verification("F4", "open", null),
      ]);
    });

    it("keeps what was verified, and at which head, on the finding's claim", async () => {
      const stored = await listFindings(test.db, pr.repoId, pr.prNumber);
      const byId = new Map(stored.map((f) => [f.id, f.disposition]));

      expect(byId.get("F1")).toMatchObject({ verified: "still_present", verifiedSha: "h2" });
      expect(byId.get("F2")).toMatchObject({ verified: "reraised", reraisedAs: "F9" });
      expect(byId.get("F3")?.verified).toBeUndefined();
      expect(byId.get("F4")).toBeNull();
    });

    it("marks the claim's latest history row, not the earlier round's", async () => {
      const { rows } = await test.db.query<{
        round: number;
        verified: string | null;
        verified_review_id: string | number | null;
        verified_at: Date | null;
      }>(
        "SELECT round, verified, verified_review_id, verified_at FROM finding_dispositions WHERE fingerprint = 'fp-F1' ORDER BY round",
      );

      expect(
        rows.map((r) => [
          r.round,
          r.verified,
          r.verified_review_id === null ? null : Number(r.verified_review_id),
        ]),
      ).toEqual([
        // recordDisposition's own history row (no loop yet: round 0), then the rows above.
        [0, null, null],
        [1, null, null],
        [2, "still_present", reviewRowId],
      ]);
      expect(rows[2]?.verified_at).not.toBeNull();
    });

    it("lists the claims most urgent first, with what was verified", async () => {
      const rows = await listVerifiedClaims(test.db, pr);

      expect(rows.map((r) => [r.id, r.verified, r.reraisedAs])).toEqual([
        ["F1", "still_present", undefined],
        ["F2", "reraised", "F9"],
        ["F3", "pending", undefined],
      ]);
    });
  });
});
