import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinReviewEngine } from "../../src/engines/builtin-review-engine.ts";
import type { ReviewEngine } from "../../src/engines/review-engine.ts";
import { useMockedGitHub } from "../helpers/mocked-github.ts";
import { testBackends } from "../helpers/test-db.ts";
import { webhookExample } from "../helpers/webhook-examples.ts";
import {
  CONFIG_PATH,
  capture,
  createReviewKit,
  github,
  INSTALLATION_ID,
  jobIdOf,
  mockPass,
  mockToken,
  prPayload,
  pullJson,
  R,
  REPO_ID,
  type ReviewKit,
  rows,
  sha,
  withCheckRunLookup,
  withLookups,
} from "./review-kit.ts";

const TODO_FILE = {
  filename: "src/app.ts",
  status: "added",
  additions: 1,
  deletions: 0,
  changes: 1,
  patch: "@@ -0,0 +1 @@\n+// TODO: later",
};

function withNock() {
  useMockedGitHub(mockToken);
}

async function jobStatuses(kit: ReviewKit, pr: number): Promise<string[]> {
  const found = await rows<{ status: string }>(
    kit,
    "SELECT status FROM jobs WHERE group_key = $1 ORDER BY id",
    [`pr:${REPO_ID}#${pr}`],
  );
  return found.map((r) => r.status);
}

describe.each(testBackends())("review-job/review pass triggers on %s", (backend) => {
  let kit: ReviewKit;

  beforeAll(async () => {
    kit = await createReviewKit(backend);
  });
  afterAll(() => kit.cleanup());
  withNock();

  describe("with a storm of synchronize events", () => {
    it("posts one review, of the last sha", async () => {
      const heads = ["d1", "d2", "d3", "d4", "d5"].map(sha);
      await kit.receive("pull_request", prPayload("opened", { number: 401, head: heads[0]! }));
      for (const head of heads.slice(1)) {
        await kit.receive("pull_request", prPayload("synchronize", { number: 401, head }));
      }
      const pass = mockPass(
        { number: 401, head: heads[4]! },
        { files: [], checkRunId: 7401, reviewId: 8401 },
      );

      await kit.runJobs();

      expect(pass.scope.isDone()).toBe(true);
      expect(pass.reviews.map((r) => r.commit_id)).toEqual([heads[4]]);
      expect(await jobStatuses(kit, 401)).toEqual([
        "cancelled",
        "cancelled",
        "cancelled",
        "cancelled",
        "done",
      ]);
    });
  });

  describe("with a redelivered webhook", () => {
    it("reviews once and makes no request for the redelivery", async () => {
      const pr = { number: 402, head: sha("d402") };
      const pass = mockPass(pr, { files: [], checkRunId: 7402, reviewId: 8402 });
      await kit.receive("pull_request", prPayload("opened", pr), "redelivered-402");
      await kit.runJobs();
      expect(pass.scope.isDone()).toBe(true);

      await kit.receive("pull_request", prPayload("opened", pr), "redelivered-402");
      const reports = await kit.runJobs();

      expect(reports).toEqual([]);
      expect(await jobStatuses(kit, 402)).toEqual(["done"]);
    });
  });

  describe("with an invalid .github/reviewloop.yml", () => {
    it("completes a neutral Configuration error check run listing each bad key, and posts no review", async () => {
      const pr = { number: 403, head: sha("d403") };
      const checkCreates: { output: { summary: string } }[] = [];
      const scope = withCheckRunLookup(github(), pr)
        .get(`${R}/pulls/403`)
        .reply(200, pullJson(pr))
        .get(CONFIG_PATH)
        .reply(200, "review:\n  draft: true\n  blocking_severity: urgent\n")
        .post(`${R}/check-runs`, capture(checkCreates))
        .reply(201, { id: 7403 });

      await kit.receive("pull_request", prPayload("opened", pr));
      const reports = await kit.runJobs();

      expect(reports.map((r) => r.outcome)).toEqual(["done"]);
      expect(scope.isDone()).toBe(true);
      expect(checkCreates[0]).toMatchObject({
        name: "reviewloop",
        head_sha: pr.head,
        status: "completed",
        conclusion: "neutral",
        output: { title: "Configuration error" },
      });
      const jobId = await jobIdOf(kit, 403);
      expect(
        checkCreates[0]!.output.summary.replace(` job:${jobId} `, " job:<id> "),
      ).toMatchInlineSnapshot(`
        "<!-- reviewloop:pass 186853002#403@d403000000000000000000000000000000000000 job:<id> -->

        \`.github/reviewloop.yml\` is invalid, so this pull request was not reviewed. Fix these keys:

        - \`review.blocking_severity\`: must be one of \`info\`, \`warning\`, \`critical\`; got "urgent"
        - \`review.draft\`: unknown key; did you mean \`drafts\`?"
      `);
      expect(await rows(kit, "SELECT status FROM loops WHERE pr_number = 403")).toEqual([
        { status: "idle" },
      ]);
    });
  });

  describe("with a draft pull request", () => {
    it("posts nothing, then reviews it once it is marked ready", async () => {
      const draft = { number: 404, head: sha("d404"), draft: true };
      const skipped = withCheckRunLookup(github(), draft)
        .get(`${R}/pulls/404`)
        .reply(200, pullJson(draft))
        .get(CONFIG_PATH)
        .reply(200, "");
      await kit.receive("pull_request", prPayload("opened", draft));
      await kit.runJobs();
      expect(skipped.isDone()).toBe(true);

      const ready = { ...draft, draft: false };
      const pass = mockPass(ready, { files: [], checkRunId: 7404, reviewId: 8404 });
      await kit.receive("pull_request", prPayload("ready_for_review", ready));
      await kit.runJobs();

      expect(pass.scope.isDone()).toBe(true);
      expect(pass.reviews.map((r) => r.commit_id)).toEqual([draft.head]);
    });
  });

  describe("when the pull request closes before its review runs", () => {
    it("closes the loop and cancels the queued review", async () => {
      const pr = { number: 405, head: sha("d405") };
      await kit.receive("pull_request", prPayload("opened", pr));

      await kit.receive("pull_request", prPayload("closed", pr));
      const reports = await kit.runJobs();

      expect(reports).toEqual([]);
      expect(await jobStatuses(kit, 405)).toEqual(["cancelled"]);
      expect(await rows(kit, "SELECT status FROM loops WHERE pr_number = 405")).toEqual([
        { status: "closed" },
      ]);
    });
  });

  describe("when GitHub says the pull request is closed", () => {
    it("stops without posting anything", async () => {
      const pr = { number: 406, head: sha("d406") };
      const scope = github()
        .get(`${R}/pulls/406`)
        .reply(200, pullJson({ ...pr, state: "closed" }));
      await kit.receive("pull_request", prPayload("opened", pr));

      const reports = await kit.runJobs();

      expect(reports.map((r) => r.outcome)).toEqual(["done"]);
      expect(scope.isDone()).toBe(true);
    });
  });

  describe("when Re-run is clicked on the reviewloop check run", () => {
    it("reviews the same head again in full", async () => {
      const pr = { number: 408, head: sha("d408") };
      const first = mockPass(pr, {
        files: [TODO_FILE],
        checkRunId: 7408,
        reviewId: 8408,
        comments: true,
      });
      await kit.receive("pull_request", prPayload("opened", pr));
      await kit.runJobs();
      expect(first.scope.isDone()).toBe(true);

      const again = mockPass(pr, { files: [TODO_FILE], checkRunId: 7409, reviewId: 8409 });
      const payload = webhookExample("check_run", "rerequested");
      payload.installation = { id: INSTALLATION_ID };
      payload.repository = {
        ...(payload.repository as object),
        id: REPO_ID,
        full_name: "Codertocat/Hello-World",
      };
      payload.check_run = {
        ...(payload.check_run as object),
        name: "reviewloop",
        head_sha: pr.head,
        external_id: `reviewloop:${REPO_ID}#408@${pr.head}`,
        pull_requests: [{ number: 408, head: { sha: pr.head }, base: { sha: sha("ba5e") } }],
      };
      await kit.receive("check_run", payload);
      await kit.runJobs();

      expect(again.scope.isDone()).toBe(true);
      expect(again.reviews[0]!.comments).toEqual([]);
      expect(again.reviews[0]!.body).toContain("(full review)");
    });
  });
});

describe.each(testBackends())(
  "review-job/review pass superseded while it runs on %s",
  (backend) => {
    let kit: ReviewKit;
    const newer = sha("f2");
    // Reviewing takes long enough for a push to arrive: the engine delivers it.
    const slowEngine: ReviewEngine = {
      ...builtinReviewEngine,
      async review(input) {
        if (input.files.some((f) => f.path === "src/slow.ts")) {
          await kit.receive("pull_request", prPayload("synchronize", { number: 409, head: newer }));
        }
        return builtinReviewEngine.review(input);
      },
    };

    beforeAll(async () => {
      kit = await createReviewKit(backend, { engines: [slowEngine] });
    });
    afterAll(() => kit.cleanup());
    withNock();

    it("completes the old check run as superseded, posts no review for it, then reviews the newer head", async () => {
      const old = { number: 409, head: sha("f1") };
      const oldUpdates: unknown[] = [];
      const oldPass = withLookups(github(), old)
        .get(`${R}/pulls/409`)
        .reply(200, pullJson(old))
        .get(CONFIG_PATH)
        .reply(200, "")
        .post(`${R}/check-runs`)
        .reply(201, { id: 7410 })
        .get(`${R}/pulls/409/files`)
        .query(true)
        .reply(200, [{ ...TODO_FILE, filename: "src/slow.ts" }])
        .patch(`${R}/check-runs/7410`, capture(oldUpdates))
        .reply(200, {});
      const newPass = mockPass(
        { number: 409, head: newer },
        { files: [], checkRunId: 7411, reviewId: 8411 },
      );
      await kit.receive("pull_request", prPayload("opened", old));

      await kit.runJobs();

      expect(oldPass.isDone()).toBe(true);
      expect(newPass.scope.isDone()).toBe(true);
      expect(oldUpdates).toEqual([
        expect.objectContaining({
          status: "completed",
          conclusion: "neutral",
          output: expect.objectContaining({ title: "Superseded by f200000" }),
        }),
      ]);
      expect(newPass.reviews.map((r) => r.commit_id)).toEqual([newer]);
    });
  },
);
