import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertLease, LeaseLostError } from "../../src/jobs/assert-lease.ts";
import { enqueueJob } from "../../src/jobs/enqueue-job.ts";
import { leaseJobs } from "../../src/jobs/lease-jobs.ts";
import { finishPass } from "../../src/review-job/finish-pass.ts";
import type { ReviewJob } from "../../src/review-job/pass-types.ts";
import { applyEvent } from "../../src/spine/apply-event.ts";
import { purgeRepository } from "../../src/store/purge-repository.ts";
import { openTestDb, type TestDatabase, testBackends } from "../helpers/test-db.ts";

const REPO_ID = 3003;
let nextPr = 0;

function reviewJob(prNumber: number, extra: Partial<ReviewJob> = {}): ReviewJob {
  return {
    installationId: 9,
    repoId: REPO_ID,
    repoFullName: "acme/gears",
    prNumber,
    headSha: "h1",
    baseSha: "b0",
    trigger: "opened",
    seq: 1,
    jobId: 40_000 + prNumber,
    attempt: 1,
    generation: 0,
    ...extra,
  };
}

describe.each(testBackends())("review-job/finishPass on %s", (backend) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDb(backend);
  });
  afterAll(() => test.cleanup());

  async function openLoop(prNumber: number) {
    await applyEvent(test.db, {
      deliveryId: `fp-${backend}-${prNumber}`,
      eventName: "pull_request",
      installationId: 9,
      repoId: REPO_ID,
      repoFullName: "acme/gears",
      prNumber,
      event: {
        type: "HeadUpdated",
        action: "opened",
        headSha: "h1",
        baseSha: "b0",
        baseRef: "main",
        draft: false,
        actor: { login: "octocat", type: "User" },
      },
    });
  }

  async function loopOf(prNumber: number) {
    const { rows } = await test.db.query<{ status: string; state: { lastReviewedSha: string } }>(
      "SELECT status, state FROM loops WHERE repo_id = $1 AND pr_number = $2",
      [REPO_ID, prNumber],
    );
    return rows[0] ?? null;
  }

  it("hears the outcome of a dead job re-queued by hand (its next generation)", async () => {
    const pr = ++nextPr;
    await openLoop(pr);
    await finishPass(test.db, reviewJob(pr), "failed");
    expect((await loopOf(pr))?.status).toBe("idle");

    await finishPass(test.db, reviewJob(pr, { generation: 1 }), "posted", false);

    expect(await loopOf(pr)).toMatchObject({ status: "passed", state: { lastReviewedSha: "h1" } });
  });

  it("ignores a retried attempt that reports the same generation again", async () => {
    const pr = ++nextPr;
    await openLoop(pr);
    await finishPass(test.db, reviewJob(pr), "failed");

    await finishPass(test.db, reviewJob(pr), "posted", false);

    expect((await loopOf(pr))?.status).toBe("idle");
  });

  it("records nothing, and does not bring back a purged loop, once the job lost its lease", async () => {
    const pr = ++nextPr;
    await openLoop(pr);
    await enqueueJob(test.db, {
      kind: "RunReview",
      installationId: 9,
      repoId: REPO_ID,
      payload: {},
      groupKey: `finish-pass-${backend}-${pr}`,
    });
    const [job] = (await leaseJobs(test.db, { limit: 10, leaseMs: 60_000 })).filter(
      (leased) => leased.groupKey === `finish-pass-${backend}-${pr}`,
    );
    await purgeRepository(test.db, 9, REPO_ID);

    const finishing = finishPass(
      test.db,
      reviewJob(pr, { jobId: job!.id, assertLease: (q) => assertLease(q, job!) }),
      "posted",
      false,
    );

    await expect(finishing).rejects.toBeInstanceOf(LeaseLostError);
    expect(await loopOf(pr)).toBeNull();
  });
});
