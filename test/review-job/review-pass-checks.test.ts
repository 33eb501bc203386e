import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDeferral } from "../../src/jobs/defer-job-error.ts";
import { useMockedGitHub } from "../helpers/mocked-github.ts";
import { testBackends } from "../helpers/test-db.ts";
import {
  COMMENTS_QUERY,
  CONFIG_PATH,
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
  withCheckRunLookup,
  withLookups,
} from "./review-kit.ts";

const PATCH = [
  "@@ -1,2 +1,4 @@",
  " const a = 1;",
  "+const unused = 2;",
  "+const b = 3;",
  " export { a };",
].join("\n");
const FILE = {
  filename: "src/app.ts",
  status: "modified",
  additions: 2,
  deletions: 0,
  changes: 2,
  patch: PATCH,
};

/** `GET /commits/{sha}/check-runs` of the checks engine (latest of each name, first page). */
const LIST_QUERY = { filter: "latest", per_page: "100", page: "1" };
const ANNOTATIONS_QUERY = { per_page: "50", page: "1" };

function checkRunJson(run: {
  id: number;
  name: string;
  status?: string;
  annotations?: number;
  app?: string;
  externalId?: string;
}) {
  const completed = (run.status ?? "completed") === "completed";
  return {
    id: run.id,
    name: run.name,
    head_sha: "0".repeat(40),
    status: run.status ?? "completed",
    conclusion: completed ? "failure" : null,
    external_id: run.externalId ?? null,
    app: { slug: run.app ?? "github-actions" },
    output: { title: null, summary: null, annotations_count: run.annotations ?? 0 },
  };
}

function annotation(path: string, line: number, message: string, level = "failure") {
  return {
    path,
    start_line: line,
    end_line: line,
    annotation_level: level,
    title: null,
    message,
    raw_details: null,
  };
}

interface Posted {
  event: string;
  body: string;
  comments: { path: string; line: number; body: string }[];
}

/** Records the JSON bodies sent to an interceptor (nock also asks about other requests' bodies). */
function captureObjects(into: unknown[]) {
  return (body: unknown) => {
    if (body !== null && typeof body === "object") into.push(body);
    return true;
  };
}

/** The review's comments as `GET /pulls/{n}/comments` lists them. */
function commentsOf(review: Posted, reviewId: number) {
  return review.comments.map((c, i) => ({
    id: reviewId * 10 + i,
    pull_request_review_id: reviewId,
    html_url: "c",
    body: c.body,
  }));
}

describe.each(testBackends())("review-job/review pass with the checks engine on %s", (backend) => {
  let kit: ReviewKit;

  beforeAll(async () => {
    kit = await createReviewKit(backend);
  });
  afterAll(() => kit.cleanup());
  useMockedGitHub(mockToken);

  it("posts annotations on diff lines inline and the others in the body, never reading its own check", async () => {
    const pr = { number: 301, head: sha("c301") };
    const config =
      "engines:\n  builtin:\n    enabled: false\n  checks:\n    enabled: true\n    wait: false\n";
    const reviews: Posted[] = [];
    const ours = checkRunJson({
      id: 7300,
      name: "reviewloop",
      status: "in_progress",
      annotations: 3,
      app: "reviewloop",
      externalId: `reviewloop:186853002#301@${pr.head}/1.0`,
    });
    const scope = withLookups(github(), pr)
      .get(`${R}/pulls/301`)
      .reply(200, pullJson(pr))
      .get(CONFIG_PATH)
      .reply(200, config)
      .post(`${R}/check-runs`)
      .reply(201, { id: 7301 })
      .get(`${R}/commits/${pr.head}/check-runs`)
      .query(LIST_QUERY)
      .reply(200, {
        total_count: 2,
        check_runs: [checkRunJson({ id: 5001, name: "ESLint", annotations: 2 }), ours],
      })
      .get(`${R}/check-runs/5001/annotations`)
      .query(ANNOTATIONS_QUERY)
      .reply(200, [
        annotation("src/app.ts", 2, "'unused' is assigned a value but never used."),
        annotation("src/other.ts", 10, "Unexpected any. Specify a different type.", "warning"),
      ])
      .get(`${R}/pulls/301/files`)
      .query(true)
      .reply(200, [FILE])
      .post(`${R}/pulls/301/reviews`, captureObjects(reviews))
      .reply(200, { id: 8301, html_url: "u" })
      .get(`${R}/pulls/301/comments`)
      .query(COMMENTS_QUERY)
      .reply(200, () => commentsOf(reviews[0]!, 8301))
      .patch(`${R}/check-runs/7301`)
      .reply(200, {});
    const ownAnnotations = github()
      .get(`${R}/check-runs/7300/annotations`)
      .query(true)
      .reply(200, []);

    await kit.receive("pull_request", prPayload("opened", pr));
    const reports = await kit.runJobs();

    expect(reports.map((r) => [r.outcome, String(r.error)])).toEqual([["done", "undefined"]]);
    expect(scope.isDone()).toBe(true);
    expect(ownAnnotations.isDone()).toBe(false);
    const [review] = reviews;
    expect(review!.event).toBe("REQUEST_CHANGES");
    expect(review!.comments).toEqual([
      {
        path: "src/app.ts",
        line: 2,
        side: "RIGHT",
        body: expect.stringContaining("**'unused' is assigned a value but never used.**"),
      },
    ]);
    expect(review!.comments[0]!.body).toContain("🔴 Critical** · checks");
    expect(review!.body).toContain("#### Not posted inline");
    expect(review!.body).toContain("Unexpected any. Specify a different type.");
    expect(review!.body).not.toContain("Engine errors");
    const stored = await rows<{ rule: string; engine: string; path: string }>(
      kit,
      "SELECT rule_id AS rule, engine, path FROM findings WHERE pr_number = 301 ORDER BY path",
    );
    expect(stored).toEqual([
      { rule: "checks/eslint", engine: "checks", path: "src/app.ts" },
      { rule: "checks/eslint", engine: "checks", path: "src/other.ts" },
    ]);
  });

  describe("with wait: true", () => {
    const config =
      "engines:\n  builtin:\n    enabled: false\n  checks:\n    enabled: true\n    names: [eslint, tsc]\n    timeout_minutes: 15\n";

    it("defers the pass while a named check runs or is missing, then reviews without it past the deadline, naming it", async () => {
      const pr = { number: 302, head: sha("c302") };
      const updates: { status?: string; output?: { title: string; summary: string } }[] = [];
      const first = withCheckRunLookup(github(), pr)
        .get(`${R}/pulls/302`)
        .reply(200, pullJson(pr))
        .get(CONFIG_PATH)
        .reply(200, config)
        .post(`${R}/check-runs`)
        .reply(201, { id: 7302 })
        .get(`${R}/commits/${pr.head}/check-runs`)
        .query(LIST_QUERY)
        .reply(200, {
          total_count: 1,
          check_runs: [checkRunJson({ id: 5002, name: "eslint", status: "in_progress" })],
        })
        .patch(`${R}/check-runs/7302`, captureObjects(updates))
        .reply(200, {});
      await kit.receive("pull_request", prPayload("opened", pr));
      const before = Date.now();
      const deferred = await kit.runJobs({ retryNow: false, maxRounds: 1 });

      expect(deferred.map((r) => r.outcome)).toEqual(["deferred"]);
      expect(isDeferral(deferred[0]!.error)).toBe(true);
      expect(first.isDone()).toBe(true);
      expect(updates).toHaveLength(1);
      expect(updates[0]!.status).toBe("in_progress");
      expect(updates[0]!.output!.title).toMatch(
        /^Waiting for eslint, tsc to complete \(until \d\d:\d\d UTC\)$/,
      );
      const jobId = await jobIdOf(kit, 302);
      const [job] = await rows<{
        status: string;
        attempts: number;
        run_at: Date;
        last_error: unknown;
      }>(kit, "SELECT status, attempts, run_at, last_error FROM jobs WHERE id = $1", [jobId]);
      expect(job).toMatchObject({ status: "queued", attempts: 0, last_error: null });
      const delay = job!.run_at.getTime() - before;
      expect(delay).toBeGreaterThan(100_000);
      expect(delay).toBeLessThanOrEqual(125_000);
      // The loop still waits for this pass.
      expect(await rows(kit, "SELECT status FROM loops WHERE pr_number = 302")).toEqual([
        { status: "reviewing" },
      ]);

      // Past the deadline (the job was queued 16 minutes ago): eslint completed, tsc never came.
      await kit.test.db.query(
        "UPDATE jobs SET created_at = now() - interval '16 minutes', run_at = now() WHERE id = $1",
        [jobId],
      );
      const reviews: Posted[] = [];
      const completes: unknown[] = [];
      const second = withLookups(github(), pr, {
        checkRuns: [
          {
            id: 7302,
            status: "in_progress",
            conclusion: null,
            external_id: externalIdOf(pr, jobId),
            output: { annotations_count: 0 },
          },
        ],
      })
        .get(`${R}/pulls/302`)
        .reply(200, pullJson(pr))
        .get(CONFIG_PATH)
        .reply(200, config)
        .get(`${R}/commits/${pr.head}/check-runs`)
        .query(LIST_QUERY)
        .reply(200, {
          total_count: 1,
          check_runs: [checkRunJson({ id: 5002, name: "eslint", annotations: 1 })],
        })
        .get(`${R}/check-runs/5002/annotations`)
        .query(ANNOTATIONS_QUERY)
        .reply(200, [annotation("src/app.ts", 3, "Missing semicolon.", "warning")])
        .get(`${R}/pulls/302/files`)
        .query(true)
        .reply(200, [FILE])
        .post(`${R}/pulls/302/reviews`, captureObjects(reviews))
        .reply(200, { id: 8302, html_url: "u" })
        .get(`${R}/pulls/302/comments`)
        .query(COMMENTS_QUERY)
        .reply(200, () => commentsOf(reviews[0]!, 8302))
        .patch(`${R}/check-runs/7302`, captureObjects(completes))
        .reply(200, {});

      const done = await kit.runJobs({ retryNow: false, maxRounds: 1 });

      expect(done.map((r) => [r.outcome, String(r.error)])).toEqual([["done", "undefined"]]);
      expect(second.isDone()).toBe(true);
      expect(reviews).toHaveLength(1);
      expect(reviews[0]!.comments).toHaveLength(1);
      expect(reviews[0]!.body).toContain(
        "`tsc` has no check run on this commit after waiting 15 min; its annotations are missing",
      );
      expect(await rows(kit, "SELECT status FROM loops WHERE pr_number = 302")).toEqual([
        { status: "passed" },
      ]);
    });
  });
});
