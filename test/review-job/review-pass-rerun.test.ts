import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  pullJson as commandPullJson,
  commentPayload,
  mockAnswers,
  mockConfig,
} from "../command-job/command-kit.ts";
import { useMockedGitHub } from "../helpers/mocked-github.ts";
import { testBackends } from "../helpers/test-db.ts";
import { webhookExample } from "../helpers/webhook-examples.ts";
import {
  createReviewKit,
  github,
  INSTALLATION_ID,
  mockPass,
  mockToken,
  prPayload,
  R,
  REPO,
  REPO_ID,
  type ReviewKit,
  sha,
} from "./review-kit.ts";

const TODO_FILE = {
  filename: "src/todo.ts",
  status: "added",
  additions: 1,
  deletions: 0,
  changes: 1,
  patch: "@@ -0,0 +1 @@\n+// TODO: later",
};

/** "Re-run" on our check run of `pr`'s head; `pull_requests` is empty for a fork's head. */
function rerun(pr: { number: number; head: string }, options: { fork?: boolean } = {}) {
  const payload = webhookExample("check_run", "rerequested");
  payload.installation = { id: INSTALLATION_ID };
  payload.repository = { ...(payload.repository as object), id: REPO_ID, full_name: REPO };
  payload.check_run = {
    ...(payload.check_run as object),
    name: "reviewloop",
    head_sha: pr.head,
    external_id: `reviewloop:${REPO_ID}#${pr.number}@${pr.head}/1.0`,
    pull_requests: options.fork
      ? []
      : [{ number: pr.number, head: { sha: pr.head }, base: { sha: sha("ba5e") } }],
  };
  return payload;
}

describe.each(testBackends())(
  "review-job/review pass after Re-run or `/reviewloop review` on %s",
  (backend) => {
    let kit: ReviewKit;

    beforeAll(async () => {
      kit = await createReviewKit(backend);
    });
    afterAll(() => kit.cleanup());
    useMockedGitHub(mockToken);

    describe("when the Re-run's first attempt fails right after the earlier pass", () => {
      it("posts its own review on the retry instead of adopting the earlier pass's", async () => {
        const pr = { number: 601, head: sha("e601") };
        const first = mockPass(pr, {
          files: [TODO_FILE],
          checkRunId: 7601,
          reviewId: 8601,
          comments: true,
        });
        await kit.receive("pull_request", prPayload("opened", pr));
        await kit.runJobs();
        expect(first.scope.isDone()).toBe(true);
        const earlier = { id: 8601, html_url: "u", body: first.reviews[0]!.body };
        const broken = github().get(`${R}/pulls/601`).reply(502, { message: "Bad Gateway" });
        const retry = mockPass(pr, {
          files: [TODO_FILE],
          checkRunId: 7602,
          reviewId: 8602,
          found: { reviews: () => [earlier] },
        });

        await kit.receive("check_run", rerun(pr));
        const reports = await kit.runJobs();

        expect(reports.map((r) => r.outcome)).toEqual(["retry", "done"]);
        expect(broken.isDone()).toBe(true);
        expect(retry.scope.isDone()).toBe(true);
        expect(retry.reviews).toHaveLength(1);
        expect(retry.checkCreates).toHaveLength(1);
      });
    });

    describe("when a `/reviewloop review` job's first attempt fails right after the earlier pass", () => {
      it("posts its own review on the retry instead of adopting the earlier pass's", async () => {
        const pr = { number: 603, head: sha("e603") };
        const first = mockPass(pr, {
          files: [TODO_FILE],
          checkRunId: 7605,
          reviewId: 8605,
          comments: true,
        });
        await kit.receive("pull_request", prPayload("opened", pr));
        await kit.runJobs();
        expect(first.scope.isDone()).toBe(true);
        const earlier = { id: 8605, html_url: "u", body: first.reviews[0]!.body };
        // The command's own reads and reactions first (nock answers in the order added), then the
        // review job it queues: a first attempt that fails, and its retry.
        const command = mockConfig(github(), null)
          .get(`${R}/pulls/603`)
          .reply(200, commandPullJson(pr));
        mockAnswers(command, 6603, 603, { reactions: 2, reply: false });
        const broken = github().get(`${R}/pulls/603`).reply(502, { message: "Bad Gateway" });
        const retry = mockPass(pr, {
          files: [TODO_FILE],
          checkRunId: 7606,
          reviewId: 8606,
          found: { reviews: () => [earlier] },
        });

        await kit.receive(
          "issue_comment",
          commentPayload({ pr: 603, id: 6603, body: "/reviewloop review" }),
        );
        const reports = await kit.runJobs();

        expect(reports.map((r) => r.outcome)).toEqual(["done", "retry", "done"]);
        expect(command.isDone()).toBe(true);
        expect(broken.isDone()).toBe(true);
        expect(retry.scope.isDone()).toBe(true);
        expect(retry.reviews).toHaveLength(1);
        expect(retry.checkCreates).toHaveLength(1);
      });
    });

    describe("on a head in a fork (GitHub lists no pull request on the check run)", () => {
      it("reviews the pull request named by the check run's external_id", async () => {
        const pr = { number: 602, head: sha("e602") };
        const first = mockPass(pr, {
          files: [TODO_FILE],
          checkRunId: 7603,
          reviewId: 8603,
          comments: true,
        });
        await kit.receive("pull_request", prPayload("opened", pr));
        await kit.runJobs();
        expect(first.scope.isDone()).toBe(true);

        const again = mockPass(pr, { files: [TODO_FILE], checkRunId: 7604, reviewId: 8604 });
        await kit.receive("check_run", rerun(pr, { fork: true }));
        const reports = await kit.runJobs();

        expect(reports.map((r) => r.outcome)).toEqual(["done"]);
        expect(again.scope.isDone()).toBe(true);
        expect(again.reviews.map((r) => r.commit_id)).toEqual([pr.head]);
        expect(again.reviews[0]!.body).toContain("(full review)");
      });
    });
  },
);
