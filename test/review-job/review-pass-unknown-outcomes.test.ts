/**
 * GitHub stored a mutation and the answer was lost (502 after storing, a timeout): the pass
 * looks for it by its identity before sending it again, within the attempt and across attempts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useMockedGitHub } from "../helpers/mocked-github.ts";
import { testBackends } from "../helpers/test-db.ts";
import {
  COMMENTS_QUERY,
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

const CONFIG = "engines:\n  builtin:\n    rules:\n      missing-tests: false\n";
const FILES = [
  {
    filename: "src/app.ts",
    status: "modified",
    additions: 2,
    deletions: 0,
    changes: 2,
    patch:
      '@@ -1,2 +1,4 @@\n export function main() {\n+  console.log("debug");\n+  // TODO: tidy\n }',
  },
];

interface ReviewBody {
  body: string;
  comments: { body: string }[];
}

/** What GitHub lists for the job's check run once it holds `annotations` of them. */
function runOf(
  pr: { number: number; head: string },
  jobId: number,
  id: number,
  state: { status?: string; annotations?: number } = {},
) {
  return {
    id,
    status: state.status ?? "in_progress",
    conclusion: state.status === "completed" ? "neutral" : null,
    external_id: externalIdOf(pr, jobId),
    output: { annotations_count: state.annotations ?? 0 },
  };
}

describe.each(testBackends())(
  "review-job/review pass when GitHub's answer is lost on %s",
  (backend) => {
    let kit: ReviewKit;

    beforeAll(async () => {
      kit = await createReviewKit(backend);
    });
    afterAll(() => kit.cleanup());
    useMockedGitHub(mockToken);

    async function open(n: number) {
      const pr = { number: n, head: sha(`d${n}`) };
      await kit.receive("pull_request", prPayload("opened", pr));
      return { pr, jobId: await jobIdOf(kit, n) };
    }

    function reads(pr: { number: number; head: string }) {
      return github()
        .get(`${R}/pulls/${pr.number}`)
        .reply(200, pullJson(pr))
        .get(CONFIG_PATH)
        .reply(200, CONFIG)
        .get(`${R}/pulls/${pr.number}/files`)
        .query(true)
        .reply(200, FILES);
    }

    describe("on a first attempt whose review is already on GitHub (a crash lost the lease)", () => {
      it("adopts that review instead of posting a second one", async () => {
        const { pr, jobId } = await open(501);
        const marker = `<!-- reviewloop:pass 186853002#501@${pr.head} job:${jobId} -->`;
        const updates: unknown[] = [];
        const scope = withLookups(reads(pr), pr, {
          checkRuns: [runOf(pr, jobId, 7501)],
          reviews: () => [{ id: 8501, html_url: "u", body: `${marker}\n\nreviewed before` }],
        })
          .get(`${R}/pulls/501/comments`)
          .query(COMMENTS_QUERY)
          .reply(200, [])
          .patch(`${R}/check-runs/7501`, capture(updates))
          .reply(200, {});

        const reports = await kit.runJobs();

        expect(reports.map((r) => r.outcome)).toEqual(["done"]);
        expect(scope.isDone()).toBe(true);
        expect(updates).toHaveLength(1);
        expect(await rows(kit, "SELECT review_id FROM reviews WHERE pr_number = 501")).toEqual([
          { review_id: 8501 },
        ]);
      });
    });

    describe("with a 502 after GitHub stored the review", () => {
      it("finds the review by its marker and does not post it again", async () => {
        const { pr, jobId } = await open(502);
        const reviews: ReviewBody[] = [];
        let listed = 0;
        const scope = withLookups(reads(pr), pr, {
          reviews: () =>
            listed++ === 0 ? [] : [{ id: 8502, html_url: "u", body: reviews[0]!.body }],
        })
          .post(`${R}/check-runs`)
          .reply(201, { id: 7502 })
          .post(`${R}/pulls/502/reviews`, capture(reviews))
          .reply(502, { message: "Bad Gateway" })
          // sendOnce looks again (the pass looked once before posting).
          .get(`${R}/pulls/502/reviews`)
          .query(true)
          .reply(200, () => [{ id: 8502, html_url: "u", body: reviews[0]!.body }])
          .get(`${R}/pulls/502/comments`)
          .query(COMMENTS_QUERY)
          .reply(200, [])
          .patch(`${R}/check-runs/7502`)
          .reply(200, {});

        const reports = await kit.runJobs();

        expect(reports.map((r) => r.outcome)).toEqual(["done"]);
        expect(scope.isDone()).toBe(true);
        expect(reviews).toHaveLength(1);
        expect(reviews[0]!.body).toContain(`@${pr.head} job:${jobId} -->`);
        expect(await rows(kit, "SELECT review_id FROM reviews WHERE pr_number = 502")).toEqual([
          { review_id: 8502 },
        ]);
      });
    });

    describe("with a 502 after GitHub stored the check run", () => {
      it("finds the check run by its external_id and does not create it again", async () => {
        const { pr, jobId } = await open(503);
        const creates: unknown[] = [];
        const scope = withLookups(reads(pr), pr)
          .post(`${R}/check-runs`, capture(creates))
          .reply(502, { message: "Bad Gateway" })
          .get(`${R}/commits/${pr.head}/check-runs`)
          .query(true)
          .reply(200, { total_count: 1, check_runs: [runOf(pr, jobId, 7503)] })
          .post(`${R}/pulls/503/reviews`)
          .reply(200, { id: 8503, html_url: "u" })
          .get(`${R}/pulls/503/comments`)
          .query(COMMENTS_QUERY)
          .reply(200, [])
          .patch(`${R}/check-runs/7503`)
          .reply(200, {});

        const reports = await kit.runJobs();

        expect(reports.map((r) => r.outcome)).toEqual(["done"]);
        expect(scope.isDone()).toBe(true);
        expect(creates).toEqual([
          expect.objectContaining({ external_id: externalIdOf(pr, jobId) }),
        ]);
      });
    });

    describe("with a 502 on the completing check-run update", () => {
      it.each([
        ["stored it (annotations and completion)", true, 1],
        ["did not store it", false, 2],
      ])("when GitHub %s, sends it no more than needed", async (_name, stored, sends) => {
        const n = stored ? 504 : 505;
        const { pr, jobId } = await open(n);
        const updates: unknown[] = [];
        const after = stored
          ? runOf(pr, jobId, 7000 + n, { status: "completed", annotations: 2 })
          : runOf(pr, jobId, 7000 + n);
        const scope = withLookups(reads(pr), pr)
          .post(`${R}/check-runs`)
          .reply(201, { id: 7000 + n })
          .post(`${R}/pulls/${n}/reviews`)
          .reply(200, { id: 8000 + n, html_url: "u" })
          .get(`${R}/pulls/${n}/comments`)
          .query(COMMENTS_QUERY)
          .reply(200, [])
          .patch(`${R}/check-runs/${7000 + n}`, capture(updates))
          .reply(502, { message: "Bad Gateway" })
          .get(`${R}/commits/${pr.head}/check-runs`)
          .query(true)
          .reply(200, { total_count: 1, check_runs: [after] });
        if (!stored) scope.patch(`${R}/check-runs/${7000 + n}`, capture(updates)).reply(200, {});

        const reports = await kit.runJobs();

        expect(reports.map((r) => r.outcome)).toEqual(["done"]);
        expect(scope.isDone()).toBe(true);
        expect(updates).toHaveLength(sends);
        for (const update of updates) {
          expect(update).toMatchObject({ status: "completed", output: { annotations: [{}, {}] } });
        }
      });
    });
  },
);
