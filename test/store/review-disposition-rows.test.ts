import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DispositionRow } from "../../src/review/render-disposition-table.ts";
import {
  type ReviewRecord,
  readLastDispositionRows,
  recordReview,
} from "../../src/store/review-repository.ts";
import { openTestDb, type TestDatabase, testBackends } from "../helpers/test-db.ts";

const record: ReviewRecord = {
  installationId: 1,
  repoId: 5,
  prNumber: 7,
  baseSha: "b",
  headSha: "h1",
  mode: "full",
  verdict: "request_changes",
  conclusion: "failure",
  counts: {},
  githubRequests: 3,
  durationMs: 1,
  reviewId: 10,
  checkRunId: 20,
  trigger: "opened",
  jobId: 501,
};

const open: DispositionRow = {
  id: "F1",
  severity: "critical",
  where: "src/a.ts:1",
  title: "a conflict marker",
  claimed: null,
  verified: "open",
};
const gone: DispositionRow = { ...open, id: "F2", verified: "fixed_unclaimed" };

describe.each(testBackends())("store/review-repository disposition rows on %s", (backend) => {
  let test: TestDatabase;
  const pr = { repoId: record.repoId, prNumber: record.prNumber };

  beforeAll(async () => {
    test = await openTestDb(backend);
  });
  afterAll(() => test.cleanup());

  it("has none before any pass, nor for a pass recorded without them", async () => {
    expect(await readLastDispositionRows(test.db, pr)).toBeNull();

    await recordReview(test.db, record);

    expect(await readLastDispositionRows(test.db, pr)).toBeNull();
  });

  it("reads the latest pass's rows; a retried job replaces its own", async () => {
    await recordReview(test.db, { ...record, jobId: 502, headSha: "h2", dispositionRows: [] });
    expect(await readLastDispositionRows(test.db, pr)).toEqual([]);

    await recordReview(test.db, { ...record, jobId: 503, headSha: "h3", dispositionRows: [open] });
    await recordReview(test.db, {
      ...record,
      jobId: 503,
      headSha: "h3",
      dispositionRows: [open, gone],
    });

    expect(await readLastDispositionRows(test.db, pr)).toEqual([open, gone]);
    expect(await readLastDispositionRows(test.db, { ...pr, prNumber: 8 })).toBeNull();
  });
});
