import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { ReviewFinished } from "../../src/loop/types.ts";
import { applyEvent } from "../../src/spine/apply-event.ts";
import { useMockedGitHub } from "../helpers/mocked-github.ts";
import { testBackends } from "../helpers/test-db.ts";
import {
  checkRunInfo,
  checkRunJson,
  checkSuiteInfo,
  checkSuiteJson,
} from "../remediation/check-run-fixtures.ts";
import {
  createReviewKit,
  github,
  mockPass,
  mockToken,
  prPayload,
  R,
  REPO_ID,
  type ReviewKit,
  sha,
} from "./review-kit.ts";

// Every loop event still goes through the real spine; the spy shows what the pass reported.
vi.mock("../../src/spine/apply-event.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/spine/apply-event.ts")>();
  return { ...original, applyEvent: vi.fn(original.applyEvent) };
});

const REMEDIATION_ON = "remediation:\n  enabled: true\n  fixer:\n    logins: [fixer-bot]\n";

function finished(prNumber: number): ReviewFinished[] {
  return vi
    .mocked(applyEvent)
    .mock.calls.map(([, envelope]) => envelope)
    .filter((e) => e.prNumber === prNumber && e.event.type === "ReviewFinished")
    .map((e) => e.event as ReviewFinished);
}

describe.each(testBackends())(
  "review-job/the head's checks at the end of a posted pass on %s",
  (backend) => {
    let kit: ReviewKit;
    let prs = 310;

    beforeAll(async () => {
      kit = await createReviewKit(backend);
    });
    afterAll(() => kit.cleanup());
    useMockedGitHub(mockToken);
    beforeEach(() => {
      vi.mocked(applyEvent).mockClear();
    });

    function listing(head: string) {
      return github().get(`${R}/commits/${head}/check-runs`).query({
        filter: "latest",
        per_page: "100",
        page: "1",
      });
    }

    it("reports the head's pending and failing checks with the pass (remediation on CI failure)", async () => {
      const pr = { number: ++prs, head: sha(`c${prs}`) };
      const mocked = mockPass(pr, {
        files: [],
        config: REMEDIATION_ON,
        checkRunId: 9301,
        reviewId: 9302,
      });
      const runs = [
        checkRunInfo({ name: "lint", conclusion: "failure", headSha: pr.head }),
        checkRunInfo({ name: "test", status: "queued", conclusion: null, headSha: pr.head }),
        checkRunInfo({
          name: "reviewloop",
          conclusion: "failure",
          headSha: pr.head,
          externalId: `reviewloop:${REPO_ID}#${pr.number}@${pr.head}/1.0`,
        }),
      ];
      const read = listing(pr.head).reply(200, {
        total_count: runs.length,
        check_runs: runs.map(checkRunJson),
      });
      // A workflow GitHub Actions queued for the head has no jobs (check runs) yet.
      const suites = github()
        .get(`${R}/commits/${pr.head}/check-suites`)
        .query({ per_page: "100", page: "1" })
        .reply(200, {
          total_count: 1,
          check_suites: [
            checkSuiteJson(
              checkSuiteInfo({
                id: 4401,
                status: "queued",
                conclusion: null,
                latestCheckRunsCount: 0,
              }),
            ),
          ],
        });

      await kit.receive("pull_request", prPayload("opened", pr));
      await kit.runJobs({ maxRounds: 1 });

      expect(mocked.scope.isDone()).toBe(true);
      expect(read.isDone()).toBe(true);
      expect(suites.isDone()).toBe(true);
      expect(finished(pr.number)).toEqual([
        expect.objectContaining({
          outcome: "posted",
          checks: {
            pending: ["GitHub Actions suite 4401 (no jobs yet)", "test"],
            failing: ["lint"],
          },
        }),
      ]);
    });

    it("still reports the pass when the checks cannot be read, without them", async () => {
      const pr = { number: ++prs, head: sha(`c${prs}`) };
      mockPass(pr, { files: [], config: REMEDIATION_ON, checkRunId: 9311, reviewId: 9312 });
      listing(pr.head).reply(403, { message: "Resource not accessible by integration" });

      await kit.receive("pull_request", prPayload("opened", pr));
      await kit.runJobs({ maxRounds: 1 });

      const [event] = finished(pr.number);
      expect(event).toMatchObject({ outcome: "posted" });
      expect(event).not.toHaveProperty("checks");
      expect(kit.logs.some((line) => line.msg === "Could not read the head's check runs")).toBe(
        true,
      );
    });

    it.each([
      ["remediation is off (the default)", ""],
      ["on_ci_failure is off", `${REMEDIATION_ON}  on_ci_failure: false\n`],
    ])("reads no check runs when %s", async (_, config) => {
      const pr = { number: ++prs, head: sha(`c${prs}`) };
      const mocked = mockPass(pr, { files: [], config, checkRunId: 9321, reviewId: 9322 });
      const read = listing(pr.head).reply(200, { total_count: 0, check_runs: [] });

      await kit.receive("pull_request", prPayload("opened", pr));
      await kit.runJobs({ maxRounds: 1 });

      expect(mocked.scope.isDone()).toBe(true);
      expect(read.isDone()).toBe(false);
      const [event] = finished(pr.number);
      expect(event).toMatchObject({ outcome: "posted" });
      expect(event).not.toHaveProperty("checks");
    });
  },
);
