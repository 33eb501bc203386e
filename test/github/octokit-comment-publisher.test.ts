import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { octokitCommentPublisher } from "../../src/github/octokit-comment-publisher.ts";
import { createTestProbot } from "../helpers/probot.ts";

const API = "https://api.github.com";
const R = "/repos/octo/app";
const marker = "<!-- reviewloop:reply issue_comment-7 -->";
const target = { owner: "octo", repo: "app", pullNumber: 3, commentId: 7 };

async function publisher() {
  nock(API)
    .post("/app/installations/1/access_tokens")
    .reply(201, { token: "ghs_x", expires_at: "2099-01-01T00:00:00Z", permissions: {} });
  return octokitCommentPublisher(await createTestProbot().auth(1));
}

describe("github/octokitCommentPublisher findReply", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("reads the conversation since the command comment, page by page, until its marker", async () => {
    const comments = await publisher();
    const scope = nock(API)
      .get(`${R}/issues/3/comments`)
      .query({ since: "2026-11-21T12:00:00Z", per_page: "100" })
      .reply(200, [{ id: 1, html_url: "https://x/1", body: "LGTM" }], {
        link: `<${API}${R}/issues/3/comments?since=2026-11-21T12%3A00%3A00Z&per_page=100&page=2>; rel="next"`,
      })
      .get(`${R}/issues/3/comments`)
      .query({ since: "2026-11-21T12:00:00Z", per_page: "100", page: "2" })
      .reply(200, [{ id: 2, html_url: "https://x/2", body: `${marker}\n\nPaused.` }]);

    const found = await comments.findReply(
      { ...target, kind: "issue_comment" },
      marker,
      "2026-11-21T12:00:00Z",
    );

    expect(found).toEqual({ id: 2, url: "https://x/2" });
    expect(scope.isDone()).toBe(true);
  });

  it("reads a review thread's comments through the pull request's review comments", async () => {
    const comments = await publisher();
    nock(API)
      .get(`${R}/pulls/3/comments`)
      .query({ per_page: "100" })
      .reply(200, [{ id: 9, html_url: "https://x/9", body: "a reply without our marker" }]);

    const found = await comments.findReply({ ...target, kind: "review_comment" }, marker, null);

    expect(found).toBeNull();
  });
});
