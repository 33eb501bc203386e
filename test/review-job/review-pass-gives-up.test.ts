import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CONFIG_PATH,
  capture,
  createReviewKit,
  github,
  mockToken,
  prPayload,
  pullJson,
  R,
  type ReviewKit,
  rows,
  sha,
} from "./review-kit.ts";

interface CheckUpdate {
  status: string;
  conclusion: string;
  output: { title: string; summary: string };
}

describe("review-job/review pass whose last attempt fails", () => {
  let kit: ReviewKit;

  beforeAll(async () => {
    kit = await createReviewKit();
  });
  afterAll(() => kit.cleanup());
  beforeEach(() => {
    nock.disableNetConnect();
    mockToken();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("fails its check run with the error, frees the loop and ends dead", async () => {
    const pr = { number: 401, head: sha("c401") };
    await kit.receive("pull_request", prPayload("opened", pr));
    await kit.test.db.query("UPDATE jobs SET max_attempts = 2 WHERE payload->>'prNumber' = '401'");
    const updates: CheckUpdate[] = [];
    const scope = github()
      // Both attempts: the check run starts, then listing the files breaks.
      .get(`${R}/pulls/401`)
      .twice()
      .reply(200, pullJson(pr))
      .get(CONFIG_PATH)
      .twice()
      .reply(200, "")
      .post(`${R}/check-runs`)
      .reply(201, { id: 7401 })
      .get(`${R}/commits/${pr.head}/check-runs`)
      .query(true)
      .twice()
      .reply(200, {
        total_count: 1,
        check_runs: [
          {
            id: 7401,
            name: "reviewloop",
            status: "in_progress",
            conclusion: null,
            external_id: `reviewloop:186853002#401@${pr.head}`,
            started_at: new Date().toISOString(),
          },
        ],
      })
      // The retry looks for a review the first attempt may have posted.
      .get(`${R}/pulls/401/reviews`)
      .query(true)
      .reply(200, [])
      .get(`${R}/pulls/401/files`)
      .query(true)
      .twice()
      .reply(502, { message: "Bad Gateway" })
      .patch(`${R}/check-runs/7401`, capture(updates))
      .reply(200, {});

    const reports = await kit.runJobs();

    expect(reports.map((r) => r.outcome)).toEqual(["retry", "dead"]);
    expect(scope.pendingMocks()).toEqual([]);
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({
      status: "completed",
      conclusion: "failure",
      output: { title: "Review failed" },
    });
    expect(updates[0]!.output.summary).toContain("after 2 attempts");
    expect(updates[0]!.output.summary).toContain("502");
    expect(await rows(kit, "SELECT status FROM loops WHERE pr_number = 401")).toEqual([
      { status: "idle" },
    ]);
  });
});
