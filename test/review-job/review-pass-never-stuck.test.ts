import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinReviewEngine } from "../../src/engines/builtin-review-engine.ts";
import type { ReviewEngine } from "../../src/engines/review-engine.ts";
import { useMockedGitHub } from "../helpers/mocked-github.ts";
import { testBackends } from "../helpers/test-db.ts";
import {
  CONFIG_PATH,
  capture,
  createReviewKit,
  github,
  mockPass,
  mockToken,
  type PrFixture,
  prPayload,
  pullJson,
  R,
  REPO_ID,
  type ReviewKit,
  rows,
  sha,
  withLookups,
} from "./review-kit.ts";

const file = (filename: string) => ({
  filename,
  status: "added",
  additions: 1,
  deletions: 0,
  changes: 1,
  patch: "@@ -0,0 +1 @@\n+export const x = 1;",
});

/** Reviewing a file named after a webhook delivers that webhook while the pass runs. */
const WHILE_REVIEWING: Record<string, [action: string, pr: PrFixture]> = {
  "src/close-me.ts": ["closed", { number: 410, head: sha("c410") }],
  "src/ready.ts": ["ready_for_review", { number: 411, head: sha("r411") }],
};

describe.each(testBackends())("review-job/review pass never stuck on %s", (backend) => {
  let kit: ReviewKit;
  const engine: ReviewEngine = {
    ...builtinReviewEngine,
    async review(input) {
      for (const f of input.files) {
        const delivery = WHILE_REVIEWING[f.path];
        if (delivery) await kit.receive("pull_request", prPayload(...delivery));
      }
      return builtinReviewEngine.review(input);
    },
  };

  beforeAll(async () => {
    kit = await createReviewKit(backend, { engines: [engine] });
  });
  afterAll(() => kit.cleanup());
  useMockedGitHub(mockToken);

  async function jobsOf(pr: number): Promise<string[]> {
    const found = await rows<{ trigger: string; status: string }>(
      kit,
      "SELECT payload->>'trigger' AS trigger, status FROM jobs WHERE group_key = $1 ORDER BY id",
      [`pr:${REPO_ID}#${pr}`],
    );
    return found.map((row) => `${row.trigger}:${row.status}`);
  }

  async function loopOf(pr: number) {
    const found = await rows<{ status: string; state: { reason?: string } }>(
      kit,
      "SELECT status, state FROM loops WHERE pr_number = $1",
      [pr],
    );
    return found[0];
  }

  it("reviews GitHub's newer head when the pass finds one whose webhook has not arrived", async () => {
    const pr = { number: 407, head: sha("d407") };
    const newer = { ...pr, head: sha("e407") };
    const first = github()
      .get(`${R}/pulls/407`)
      .reply(200, { ...pullJson(newer), updated_at: "2027-01-01T00:00:00Z" });
    const pass = mockPass(newer, { files: [], checkRunId: 7407, reviewId: 8407 });
    await kit.receive("pull_request", prPayload("opened", pr));

    const reports = await kit.runJobs();

    expect(reports.map((r) => r.outcome)).toEqual(["done", "done"]);
    expect(first.isDone() && pass.scope.isDone()).toBe(true);
    expect(pass.reviews.map((r) => r.commit_id)).toEqual([newer.head]);
    expect(await jobsOf(407)).toEqual(["opened:done", "github_head:done"]);
    expect((await loopOf(407))?.status).toBe("passed");
  });

  it("reads GitHub again after a stale read and reviews the head once GitHub shows it", async () => {
    const a = { number: 412, head: sha("a412") };
    const b = { number: 412, head: sha("b412") };
    const opened = prPayload("opened", a);
    const olderTime = (opened.pull_request as { updated_at: string }).updated_at;
    await kit.receive("pull_request", opened);
    await kit.receive("pull_request", prPayload("synchronize", b));
    // Replica lag: right after the webhook GitHub still answers with the old head and time.
    const lagging = github()
      .get(`${R}/pulls/412`)
      .reply(200, { ...pullJson(a), updated_at: olderTime });

    await kit.runJobs({ retryNow: false });

    expect(lagging.isDone()).toBe(true);
    expect(await loopOf(412)).toMatchObject({
      status: "reviewing",
      state: { reason: expect.stringContaining("reading it again in 5 s (1/3)") },
    });
    const pass = mockPass(b, { files: [], checkRunId: 7412, reviewId: 8412 });

    await kit.runJobs();

    expect(pass.reviews.map((r) => r.commit_id)).toEqual([b.head]);
    expect(await jobsOf(412)).toEqual(["opened:cancelled", "synchronize:done", "recheck:done"]);
    expect((await loopOf(412))?.status).toBe("passed");
  });

  it("reviews a pull request reopened while the pass of its head was stopping", async () => {
    const pr = { number: 410, head: sha("c410") };
    const updates: unknown[] = [];
    const stopping = withLookups(github(), pr)
      .get(`${R}/pulls/410`)
      .reply(200, pullJson(pr))
      .get(CONFIG_PATH)
      .reply(200, "")
      .post(`${R}/check-runs`)
      .reply(201, { id: 7410 })
      .get(`${R}/pulls/410/files`)
      .query(true)
      .reply(200, [file("src/close-me.ts")])
      // The reopen arrives while the stopped pass completes its check run (its job still runs).
      .patch(`${R}/check-runs/7410`, capture(updates))
      .reply(200, async () => {
        await kit.receive("pull_request", prPayload("reopened", pr));
        return {};
      });
    const review = mockPass(pr, { files: [], checkRunId: 7411, reviewId: 8410 });
    await kit.receive("pull_request", prPayload("opened", pr));

    const reports = await kit.runJobs();

    expect(reports.map((r) => r.outcome)).toEqual(["done", "done"]);
    expect(stopping.isDone() && review.scope.isDone()).toBe(true);
    expect(updates).toEqual([
      expect.objectContaining({
        output: expect.objectContaining({ title: "Pull request closed" }),
      }),
    ]);
    expect(review.reviews.map((r) => r.commit_id)).toEqual([pr.head]);
    expect((await loopOf(410))?.status).toBe("passed");
  });

  it("posts one review when a draft is marked ready while its pass runs (drafts: true)", async () => {
    const draft = { number: 411, head: sha("r411"), draft: true };
    const pass = mockPass(draft, {
      files: [file("src/ready.ts")],
      config: "review:\n  drafts: true\n",
      checkRunId: 7413,
      reviewId: 8413,
      comments: true,
    });
    await kit.receive("pull_request", prPayload("opened", draft));

    const reports = await kit.runJobs();

    expect(reports.map((r) => r.outcome)).toEqual(["done", "done"]);
    expect(pass.scope.isDone()).toBe(true);
    expect(pass.reviews).toHaveLength(1);
    expect(await jobsOf(411)).toEqual(["opened:done", "ready_for_review:done"]);
    expect((await loopOf(411))?.status).toBe("passed");
  });
});
