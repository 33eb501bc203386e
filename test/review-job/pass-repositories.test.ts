import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlacedFinding } from "../../src/review/finding.ts";
import {
  listFindings,
  markThreadResolved,
  resolveFindings,
  saveFindings,
} from "../../src/store/finding-repository.ts";
import { type ReviewRecord, recordReview } from "../../src/store/review-repository.ts";
import { openTestDb, type TestDatabase, testBackends } from "../helpers/test-db.ts";

const scope = { installationId: 1, repoId: 2, prNumber: 3 };
const record: ReviewRecord = {
  ...scope,
  baseSha: "b",
  headSha: "h",
  mode: "full",
  verdict: "comment",
  conclusion: "neutral",
  counts: { info: 1 },
  githubRequests: 7,
  durationMs: 12.4,
  reviewId: 10,
  checkRunId: 20,
  trigger: "opened",
  jobId: 99,
};

function placed(id: string, fingerprint: string, line: number): PlacedFinding {
  return {
    id,
    fingerprint,
    placement: "inline",
    ruleId: "todo-comment",
    engine: "builtin",
    severity: "info",
    category: "maintainability",
    path: "a.ts",
    line,
    side: "RIGHT",
    title: "TODO",
    body: "b",
  };
}

describe.each(testBackends())("store/review and finding repositories on %s", (backend) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await openTestDb(backend);
  });
  afterAll(() => test.cleanup());

  it("records a pass once per job, updating the row when the job records again", async () => {
    const first = await recordReview(test.db, record);
    const again = await recordReview(test.db, { ...record, githubRequests: 9 });

    const { rows } = await test.db.query(
      "SELECT github_requests, duration_ms FROM reviews WHERE job_id = 99",
    );
    expect(again).toBe(first);
    expect(rows).toEqual([{ github_requests: 9, duration_ms: 12 }]);
  });

  it("keeps a finding's first comment, moves it, resolves it and remembers its resolved thread", async () => {
    await saveFindings(test.db, scope, 1, [
      { placed: placed("F1", "fp1", 4), commentId: 500, commentUrl: "u500" },
    ]);
    await saveFindings(test.db, scope, 2, [
      { placed: placed("F1", "fp1", 6), commentId: 600, commentUrl: "u600" },
    ]);
    await resolveFindings(test.db, scope, 3, ["fp1"]);
    await markThreadResolved(test.db, scope, ["fp1"]);

    const [stored] = await listFindings(test.db, scope.repoId, scope.prNumber);

    expect(stored).toMatchObject({
      id: "F1",
      status: "resolved",
      commentId: 500,
      commentUrl: "u500",
      threadResolved: true,
      finding: { line: 6, path: "a.ts", side: "RIGHT" },
    });
  });

  it("keeps a finding ignored while a pass that planned before the ignore records", async () => {
    const ignoredScope = { ...scope, prNumber: 4 };
    await saveFindings(test.db, ignoredScope, 1, [
      { placed: placed("F1", "fp-a", 4), commentId: null, commentUrl: null },
      { placed: placed("F2", "fp-b", 8), commentId: null, commentUrl: null },
    ]);
    await test.db.query(
      "UPDATE findings SET status = 'ignored' WHERE pr_number = 4 AND fingerprint IN ('fp-a', 'fp-b')",
    );

    await saveFindings(test.db, ignoredScope, 2, [
      { placed: placed("F1", "fp-a", 5), commentId: null, commentUrl: null },
    ]);
    await resolveFindings(test.db, ignoredScope, 2, ["fp-b"]);

    const stored = await listFindings(test.db, ignoredScope.repoId, ignoredScope.prNumber);
    expect(stored.map((f) => [f.id, f.status])).toEqual([
      ["F1", "ignored"],
      ["F2", "ignored"],
    ]);
  });
});
