/**
 * A job that lost its lease (taken over, handed back at shutdown, or purged) stops posting at the
 * next step, and records nothing.
 */
import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { builtinReviewEngine } from "../../src/engines/builtin-review-engine.ts";
import type { ReviewEngine } from "../../src/engines/review-engine.ts";
import { testBackends } from "../helpers/test-db.ts";
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
  withLookups,
} from "./review-kit.ts";

const FILE = {
  filename: "src/todo.ts",
  status: "added",
  additions: 1,
  deletions: 0,
  changes: 1,
  patch: "@@ -0,0 +1 @@\n+// TODO: later",
};

describe.each(testBackends())("review-job/review pass that loses its lease on %s", (backend) => {
  let kit: ReviewKit;
  /** What happens to the job while its engines run. */
  let meanwhile: () => Promise<void> = async () => {};
  const engine: ReviewEngine = {
    ...builtinReviewEngine,
    async review(input) {
      await meanwhile();
      return builtinReviewEngine.review(input);
    },
  };

  beforeAll(async () => {
    kit = await createReviewKit(backend, { engines: [engine] });
  });
  afterAll(() => kit.cleanup());
  beforeEach(() => {
    nock.disableNetConnect();
    mockToken();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
    meanwhile = async () => {};
  });

  function passUntilReview(pr: { number: number; head: string }) {
    return withLookups(github(), pr)
      .get(`${R}/pulls/${pr.number}`)
      .reply(200, pullJson(pr))
      .get(CONFIG_PATH)
      .reply(200, "")
      .post(`${R}/check-runs`)
      .reply(201, { id: 7000 + pr.number })
      .get(`${R}/pulls/${pr.number}/files`)
      .query(true)
      .reply(200, [FILE]);
  }

  describe("when its signal is aborted while it reviews", () => {
    it("posts no review and completes nothing", async () => {
      const pr = { number: 701, head: sha("b701") };
      await kit.receive("pull_request", prPayload("opened", pr));
      // Its last attempt, so the queue does not run it again in the next test.
      await kit.test.db.query(
        "UPDATE jobs SET max_attempts = 1 WHERE payload->>'prNumber' = '701'",
      );
      meanwhile = async () => kit.running?.abort(new Error("lease lost"));
      const scope = passUntilReview(pr);
      const posted: unknown[] = [];
      github().post(`${R}/pulls/701/reviews`, capture(posted)).reply(200, { id: 1, html_url: "" });

      const reports = await kit.runJobs({ maxRounds: 1 });

      expect(reports.map((r) => r.outcome)).toEqual(["dead"]);
      expect(String(reports[0]!.error)).toContain("lease lost");
      expect(scope.isDone()).toBe(true);
      expect(posted).toEqual([]);
    });
  });

  describe("when another worker took the job over before the pass is recorded", () => {
    it("records no pass and no findings", async () => {
      const pr = { number: 702, head: sha("b702") };
      await kit.receive("pull_request", prPayload("opened", pr));
      // A takeover gives the job a new lease token; this run's lease is gone.
      meanwhile = async () => {
        await kit.test.db.query(
          "UPDATE jobs SET lease_token = gen_random_uuid() WHERE payload->>'prNumber' = '702'",
        );
      };
      const scope = passUntilReview(pr)
        .post(`${R}/pulls/702/reviews`)
        .reply(200, { id: 8702, html_url: "u" })
        .get(`${R}/pulls/702/comments`)
        .query(true)
        .reply(200, [])
        .patch(`${R}/check-runs/7702`)
        .reply(200, {});

      const reports = await kit.runJobs({ maxRounds: 1 });

      expect(scope.isDone()).toBe(true);
      expect(String(reports[0]!.error)).toContain("no longer holds its lease");
      expect(
        await rows(kit, "SELECT count(*)::int AS n FROM reviews WHERE pr_number = 702"),
      ).toEqual([{ n: 0 }]);
      expect(
        await rows(kit, "SELECT count(*)::int AS n FROM findings WHERE pr_number = 702"),
      ).toEqual([{ n: 0 }]);
    });
  });
});
