import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertLease } from "../../src/jobs/assert-lease.ts";
import { type JobRow, LEASED_COLUMNS, toLeasedJob } from "../../src/jobs/job-types.ts";
import { createReviewFailureReporter } from "../../src/jobs-handlers/report-review-failure.ts";
import { useMockedGitHub } from "../helpers/mocked-github.ts";
import { createTestProbot } from "../helpers/probot.ts";
import { testBackends } from "../helpers/test-db.ts";
import {
  CONFIG_PATH,
  capture,
  createReviewKit,
  externalIdOf,
  github,
  jobIdOf,
  mockToken,
  prPayload,
  pullJson,
  R,
  type ReviewKit,
  rows,
  sha,
  withLookups,
} from "./review-kit.ts";

interface CheckRequest {
  status: string;
  conclusion: string;
  external_id?: string;
  output: { title: string; summary: string };
}

describe.each(testBackends())("jobs-handlers/createReviewFailureReporter on %s", (backend) => {
  let kit: ReviewKit;
  /** Runs the reporter as the queue's ReportFailure job would, for the dead job `jobId`. */
  async function reportDeath(jobId: number, message: string | null) {
    const [row] = await rows<JobRow>(kit, `SELECT ${LEASED_COLUMNS} FROM jobs WHERE id = $1`, [
      jobId,
    ]);
    const job = toLeasedJob(row!);
    const reporter = createReviewFailureReporter({
      db: kit.test.db,
      github: { forInstallation: (id) => createTestProbot().auth(id) },
      dryRun: false,
      unknownOutcomePauseMs: 0,
    });
    await reporter(
      { job, diagnostics: message === null ? null : { message, name: "Error", attempts: [] } },
      {
        log: pino({ level: "silent" }),
        signal: new AbortController().signal,
        assertLease: (q) => assertLease(q, job),
      },
    );
  }

  beforeAll(async () => {
    kit = await createReviewKit(backend);
  });
  afterAll(() => kit.cleanup());
  useMockedGitHub(mockToken);

  describe("when the last attempt of a review failed after creating its check run", () => {
    it("leaves the report to the reporter, which fails that check run with the error and frees the loop", async () => {
      const pr = { number: 401, head: sha("c401") };
      await kit.receive("pull_request", prPayload("opened", pr));
      await kit.test.db.query(
        "UPDATE jobs SET max_attempts = 1 WHERE payload->>'prNumber' = '401'",
      );
      const jobId = await jobIdOf(kit, 401);
      const updates: CheckRequest[] = [];
      const run = {
        id: 7401,
        status: "in_progress",
        conclusion: null,
        external_id: externalIdOf(pr, jobId),
      };
      const pass = withLookups(github(), pr)
        .get(`${R}/pulls/401`)
        .reply(200, pullJson(pr))
        .get(CONFIG_PATH)
        .reply(200, "")
        .post(`${R}/check-runs`)
        .reply(201, { id: 7401 })
        .get(`${R}/pulls/401/files`)
        .query(true)
        .reply(502, { message: "Bad Gateway" });

      const reports = await kit.runJobs();

      expect(reports.map((r) => r.outcome)).toEqual(["dead"]);
      expect(pass.isDone()).toBe(true);
      expect(await rows(kit, "SELECT status FROM loops WHERE pr_number = 401")).toEqual([
        { status: "reviewing" },
      ]);

      const reporting = github()
        .get(`${R}/commits/${pr.head}/check-runs`)
        .query(true)
        .reply(200, { total_count: 1, check_runs: [run] })
        .patch(`${R}/check-runs/7401`, capture(updates))
        .reply(200, {});
      await reportDeath(jobId, "GET /pulls/401/files → 502: Bad Gateway");

      expect(reporting.isDone()).toBe(true);
      expect(updates).toEqual([
        expect.objectContaining({
          status: "completed",
          conclusion: "failure",
          output: expect.objectContaining({ title: "Review failed" }),
        }),
      ]);
      expect(updates[0]!.output.summary).toContain("after 1 attempt.");
      expect(updates[0]!.output.summary).toContain("502: Bad Gateway");
      expect(updates[0]!.output.summary).toContain("Press **Re-run** on this check");
      expect(await rows(kit, "SELECT status FROM loops WHERE pr_number = 401")).toEqual([
        { status: "idle" },
      ]);

      // A second report (the ReportFailure job may run twice) finds the run completed.
      const again = github()
        .get(`${R}/commits/${pr.head}/check-runs`)
        .query(true)
        .reply(200, {
          total_count: 1,
          check_runs: [{ ...run, status: "completed", conclusion: "failure" }],
        });
      await reportDeath(jobId, "GET /pulls/401/files → 502: Bad Gateway");

      expect(again.isDone()).toBe(true);
      expect(updates).toHaveLength(1);
      expect(await rows(kit, "SELECT status FROM loops WHERE pr_number = 401")).toEqual([
        { status: "idle" },
      ]);
    });
  });

  describe("when the job died before creating its check run (its lease expired)", () => {
    it("creates a failed check run with the job's identity saying the worker stopped", async () => {
      const pr = { number: 402, head: sha("c402") };
      await kit.receive("pull_request", prPayload("opened", pr));
      const jobId = await jobIdOf(kit, 402);
      const creates: CheckRequest[] = [];
      const scope = github()
        .get(`${R}/commits/${pr.head}/check-runs`)
        .query(true)
        .reply(200, { total_count: 0, check_runs: [] })
        .post(`${R}/check-runs`, capture(creates))
        .reply(201, { id: 7402 });

      await reportDeath(jobId, null);

      expect(scope.isDone()).toBe(true);
      expect(creates).toEqual([
        expect.objectContaining({
          external_id: externalIdOf(pr, jobId),
          status: "completed",
          conclusion: "failure",
        }),
      ]);
      expect(creates[0]!.output.summary).toContain("its lease expired");
    });
  });

  describe("when GitHub cannot be reached", () => {
    it("still frees the loop, and throws so the report is retried", async () => {
      const pr = { number: 403, head: sha("c403") };
      await kit.receive("pull_request", prPayload("opened", pr));
      const jobId = await jobIdOf(kit, 403);
      github()
        .get(`${R}/commits/${pr.head}/check-runs`)
        .query(true)
        .reply(502, { message: "Bad Gateway" });

      const error = await reportDeath(jobId, "boom").catch((e: unknown) => e);

      expect(error).toMatchObject({ status: 502 });
      expect(await rows(kit, "SELECT status FROM loops WHERE pr_number = 403")).toEqual([
        { status: "idle" },
      ]);
    });
  });
});
