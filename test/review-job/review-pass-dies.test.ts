import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leaseJobs } from "../../src/jobs/lease-jobs.ts";
import { useMockedGitHub } from "../helpers/mocked-github.ts";
import { testBackends } from "../helpers/test-db.ts";
import {
  CHECK_RUNS_QUERY,
  capture,
  createReviewKit,
  externalIdOf,
  github,
  jobIdOf,
  mockToken,
  prPayload,
  R,
  type ReviewKit,
  rows,
  sha,
} from "./review-kit.ts";

interface CheckRequest {
  status: string;
  conclusion: string;
  external_id: string;
  output: { title: string; summary: string };
}

describe.each(testBackends())(
  "review-job/a review job that dies by lease expiry on its last attempt on %s",
  (backend) => {
    let kit: ReviewKit;
    beforeAll(async () => {
      kit = await createReviewKit(backend, { reporters: true });
    });
    afterAll(() => kit.cleanup());
    useMockedGitHub(mockToken);

    it("is reported by the queue: a completed failed check run saying why, and the loop moves on", async () => {
      const pr = { number: 520, head: sha("d520") };
      await kit.receive("pull_request", prPayload("opened", pr));
      const jobId = await jobIdOf(kit, 520);
      await kit.test.db.query("UPDATE jobs SET max_attempts = 1 WHERE id = $1", [jobId]);
      // A worker takes the job and dies before it posts anything: its lease runs out.
      const [taken] = await leaseJobs(kit.test.db, { limit: 1, leaseMs: 1 });
      expect(taken?.id).toBe(jobId);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const creates: CheckRequest[] = [];
      const scope = github()
        .get(`${R}/commits/${pr.head}/check-runs`)
        .query(CHECK_RUNS_QUERY)
        .reply(200, { total_count: 0, check_runs: [] })
        .post(`${R}/check-runs`, capture(creates))
        .reply(201, { id: 9520 });

      await kit.runJobs();

      expect(scope.isDone()).toBe(true);
      expect(creates.map((c) => [c.status, c.conclusion, c.external_id, c.output.title])).toEqual([
        ["completed", "failure", externalIdOf(pr, jobId), "Review failed"],
      ]);
      expect(creates[0]!.output.summary).toContain("lease expired");
      expect(creates[0]!.output.summary).toContain("Re-run");
      const [job] = await rows<{ status: string }>(kit, "SELECT status FROM jobs WHERE id = $1", [
        jobId,
      ]);
      expect(job?.status).toBe("dead");
      const [loop] = await rows<{ status: string }>(
        kit,
        "SELECT status FROM loops WHERE pr_number = 520",
      );
      expect(loop?.status).not.toBe("reviewing");
    });
  },
);
