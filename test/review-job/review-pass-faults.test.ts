import type nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FALLBACK_HEADING } from "../../src/review-job/render-fallback-body.ts";
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
  event: string;
  body: string;
  comments: { body: string }[];
}

/** The reads every attempt makes (the lookups find `found`, else nothing). */
function startOfPass(
  pr: { number: number; head: string },
  found: Parameters<typeof withLookups>[2] = {},
): nock.Scope {
  return withLookups(github(), pr, found)
    .get(`${R}/pulls/${pr.number}`)
    .reply(200, pullJson(pr))
    .get(CONFIG_PATH)
    .reply(200, CONFIG);
}

describe.each(testBackends())("review-job/review pass when GitHub fails on %s", (backend) => {
  let kit: ReviewKit;

  beforeAll(async () => {
    kit = await createReviewKit(backend);
  });
  afterAll(() => kit.cleanup());
  useMockedGitHub(mockToken);

  describe("with a 422 on the review", () => {
    it("posts it once more with every inline comment moved into the body", async () => {
      const pr = { number: 301, head: sha("c301") };
      const reviews: ReviewBody[] = [];
      const scope = startOfPass(pr)
        .post(`${R}/check-runs`)
        .reply(201, { id: 7301 })
        .get(`${R}/pulls/301/files`)
        .query(true)
        .reply(200, FILES)
        .post(`${R}/pulls/301/reviews`, capture(reviews))
        .reply(422, {
          message: "Unprocessable Entity",
          errors: ["Pull request review thread line must be part of the diff"],
        })
        .post(`${R}/pulls/301/reviews`, capture(reviews))
        .reply(200, { id: 8301, html_url: "u" })
        .patch(`${R}/check-runs/7301`)
        .reply(200, {});

      await kit.receive("pull_request", prPayload("opened", pr));
      const reports = await kit.runJobs();

      expect(reports.map((r) => r.outcome)).toEqual(["done"]);
      expect(scope.isDone()).toBe(true);
      expect(reviews.map((r) => r.comments.length)).toEqual([2, 0]);
      expect(reviews[1]!.event).toBe(reviews[0]!.event);
      const body = reviews[1]!.body;
      expect(body.startsWith(reviews[0]!.body)).toBe(true);
      expect(body.slice(body.indexOf(FALLBACK_HEADING))).toMatchInlineSnapshot(`
        "#### Findings that could not be placed inline

        GitHub rejected this review's inline comments (422), so they are listed here instead.

        - \`src/app.ts:2\`

          **🟡 Warning** · style · \`F1\`

          **Debug leftover: \`console.log\`**

          This line adds a \`console.log\`, which looks like debugging code left behind. Remove it, or use the project's logger if the output is meant to stay.

          <!-- reviewloop:finding c4e279d3a1e3ae6d -->

        - \`src/app.ts:3\`

          **🔵 Info** · maintainability · \`F2\`

          **TODO comment added**

          This change adds a TODO comment on line 3. Finish the work in this pull request, or track it in an issue and link it from the comment.

          <!-- reviewloop:finding 5b15ffab02bb769e -->"
      `);
      expect(
        await rows(
          kit,
          "SELECT short_id, comment_id FROM findings WHERE pr_number = 301 ORDER BY short_id",
        ),
      ).toEqual([
        { short_id: "F1", comment_id: null },
        { short_id: "F2", comment_id: null },
      ]);
    });
  });

  describe("with a secondary rate limit (403 + retry-after)", () => {
    it("waits as told, then the retry adopts its check run and posts the one review", async () => {
      const pr = { number: 302, head: sha("c302") };
      const reviews: ReviewBody[] = [];
      const first = startOfPass(pr)
        .post(`${R}/check-runs`)
        .reply(201, { id: 7302 })
        .get(`${R}/pulls/302/files`)
        .query(true)
        .reply(200, FILES)
        .post(`${R}/pulls/302/reviews`)
        .reply(
          403,
          { message: "You have exceeded a secondary rate limit. Please wait a few minutes." },
          { "retry-after": "30" },
        );

      await kit.receive("pull_request", prPayload("opened", pr));
      const firstRun = await kit.runJobs({ retryNow: false });

      expect(firstRun.map((r) => r.outcome)).toEqual(["retry"]);
      expect(first.isDone()).toBe(true);
      const [waiting] = await rows<{ wait: number }>(
        kit,
        "SELECT extract(epoch FROM run_at - now())::float AS wait FROM jobs WHERE group_key = $1 AND status = 'queued'",
        [`pr:186853002#302`],
      );
      expect(waiting!.wait).toBeGreaterThan(25);
      expect(waiting!.wait).toBeLessThanOrEqual(30);

      const jobId = await jobIdOf(kit, 302);
      const second = startOfPass(pr, {
        checkRuns: [
          {
            id: 7302,
            status: "in_progress",
            conclusion: null,
            external_id: externalIdOf(pr, jobId),
          },
        ],
      })
        .get(`${R}/pulls/302/files`)
        .query(true)
        .reply(200, FILES)
        .post(`${R}/pulls/302/reviews`, capture(reviews))
        .reply(200, { id: 8302, html_url: "u" })
        .get(`${R}/pulls/302/comments`)
        .query(COMMENTS_QUERY)
        .reply(200, [])
        .patch(`${R}/check-runs/7302`)
        .reply(200, {});
      const secondRun = await kit.runJobs();

      expect(secondRun.map((r) => r.outcome)).toEqual(["done"]);
      expect(second.isDone()).toBe(true);
      expect(reviews).toHaveLength(1);
    });
  });

  describe("with a 502 on a read after the review was posted", () => {
    it.each([
      ["a retry", 303, false],
      ["a run handed back at a shutdown (its attempt not counted)", 307, true],
    ])(
      "%s finds the review by its marker and completes the check run without posting twice",
      async (_name, n, released) => {
        const pr = { number: n, head: sha(`c${n}`) };
        const reviews: ReviewBody[] = [];
        const completions: unknown[] = [];
        const first = startOfPass(pr)
          .post(`${R}/check-runs`)
          .reply(201, { id: 7000 + n })
          .get(`${R}/pulls/${n}/files`)
          .query(true)
          .reply(200, FILES)
          .post(`${R}/pulls/${n}/reviews`, capture(reviews))
          .reply(200, { id: 8000 + n, html_url: "u" })
          .get(`${R}/pulls/${n}/comments`)
          .query(COMMENTS_QUERY)
          .reply(502, { message: "Bad Gateway" });

        await kit.receive("pull_request", prPayload("opened", pr));
        const firstRun = await kit.runJobs({ retryNow: false });

        expect(firstRun.map((r) => r.outcome)).toEqual(["retry"]);
        expect(first.isDone()).toBe(true);
        if (released) {
          // What releaseJob leaves: the attempt not counted, the job marked as handed back.
          await kit.test.db.query(
            `UPDATE jobs SET attempts = 0, last_error = '{"name":"Released","message":"x","attempts":[]}'
           WHERE payload->>'prNumber' = $1`,
            [String(n)],
          );
        }

        const jobId = await jobIdOf(kit, n);
        const second = startOfPass(pr, {
          checkRuns: [
            {
              id: 7000 + n,
              status: "in_progress",
              external_id: externalIdOf(pr, jobId),
              // The handed-back run had sent its first annotation already.
              ...(released ? { output: { annotations_count: 1 } } : {}),
            },
          ],
          reviews: () => [
            { id: 1, html_url: "old", body: "a human review" },
            { id: 8000 + n, html_url: "u", body: reviews[0]!.body },
          ],
        })
          .get(`${R}/pulls/${n}/files`)
          .query(true)
          .reply(200, FILES)
          .get(`${R}/pulls/${n}/comments`)
          .query(COMMENTS_QUERY)
          .reply(200, () =>
            reviews[0]!.comments.map((c, i) => ({
              id: 9000 + n + i,
              pull_request_review_id: 8000 + n,
              html_url: `c${i}`,
              body: c.body,
            })),
          )
          .patch(`${R}/check-runs/${7000 + n}`, capture(completions))
          .reply(200, {});
        const secondRun = await kit.runJobs();

        expect(secondRun.map((r) => r.outcome)).toEqual(["done"]);
        expect(second.isDone()).toBe(true);
        expect(reviews).toHaveLength(1);
        expect(completions).toEqual([
          expect.objectContaining({ status: "completed", conclusion: "neutral" }),
        ]);
        // GitHub appends annotations: only those not sent before go out.
        const sent = completions[0] as { output: { annotations: unknown[] } };
        expect(sent.output.annotations).toHaveLength(released ? 1 : 2);
        expect(
          await rows(kit, "SELECT review_id, check_run_id FROM reviews WHERE pr_number = $1", [n]),
        ).toEqual([{ review_id: 8000 + n, check_run_id: 7000 + n }]);
        expect(
          await rows(
            kit,
            "SELECT comment_id FROM findings WHERE pr_number = $1 ORDER BY short_id",
            [n],
          ),
        ).toEqual([{ comment_id: 9000 + n }, { comment_id: 9001 + n }]);
      },
    );
  });

  describe("with the pull request gone (404)", () => {
    it("ends the job cleanly without retrying", async () => {
      const pr = { number: 304, head: sha("c304") };
      const scope = github().get(`${R}/pulls/304`).reply(404, { message: "Not Found" });

      await kit.receive("pull_request", prPayload("opened", pr));
      const reports = await kit.runJobs();

      expect(reports.map((r) => r.outcome)).toEqual(["done"]);
      expect(scope.isDone()).toBe(true);
      expect(
        await rows(kit, "SELECT count(*)::int AS n FROM reviews WHERE pr_number = 304"),
      ).toEqual([{ n: 0 }]);
    });
  });

  describe("with a review GitHub refuses for good", () => {
    it("completes the check run as failed with GitHub's message and lets the job die", async () => {
      const pr = { number: 305, head: sha("c305") };
      const completions: unknown[] = [];
      const scope = startOfPass(pr)
        .post(`${R}/check-runs`)
        .reply(201, { id: 7305 })
        .get(`${R}/pulls/305/files`)
        .query(true)
        .reply(200, FILES)
        .post(`${R}/pulls/305/reviews`)
        .times(2)
        .reply(422, { message: "Commit id is not part of the pull request" })
        .patch(`${R}/check-runs/7305`, capture(completions))
        .reply(200, {});

      await kit.receive("pull_request", prPayload("opened", pr));
      const reports = await kit.runJobs();

      expect(reports.map((r) => r.outcome)).toEqual(["dead"]);
      expect(scope.isDone()).toBe(true);
      expect(completions).toEqual([
        expect.objectContaining({
          conclusion: "failure",
          output: expect.objectContaining({ title: "Review could not be posted" }),
        }),
      ]);
    });
  });
});
