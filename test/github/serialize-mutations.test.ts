import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { serializeMutations } from "../../src/github/serialize-mutations.ts";
import { createTestProbot } from "../helpers/probot.ts";

describe("github/serializeMutations", () => {
  beforeEach(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("sends one installation's writes one at a time and its reads concurrently", async () => {
    const probot = createTestProbot();
    nock("https://api.github.com")
      .post("/app/installations/5/access_tokens")
      .reply(201, { token: "t", expires_at: "2099-01-01T00:00:00Z" });
    const events: string[] = [];
    let open = 0;
    let maxOpenWrites = 0;
    const scope = nock("https://api.github.com")
      .post(/\/repos\/o\/r\/issues\/\d+\/comments/)
      .times(3)
      .delay(30)
      .reply(201, (uri: unknown) => {
        // nock 15 hands fetch requests over as a Request object.
        const path = typeof uri === "string" ? uri : new URL((uri as Request).url).pathname;
        events.push(`write ${path}`);
        return { id: 1 };
      })
      .get("/repos/o/r")
      .times(2)
      .delay(30)
      .reply(200, { id: 9 });
    scope.on("request", (req) => {
      if (req.method === "POST") maxOpenWrites = Math.max(maxOpenWrites, ++open);
    });
    scope.on("replied", (req) => {
      if (req.method === "POST") open--;
    });
    const octokit = await probot.auth(5);
    serializeMutations(octokit, 5);

    await Promise.all([
      octokit.rest.issues.createComment({ owner: "o", repo: "r", issue_number: 1, body: "a" }),
      octokit.rest.issues.createComment({ owner: "o", repo: "r", issue_number: 2, body: "b" }),
      octokit.rest.repos.get({ owner: "o", repo: "r" }),
      octokit.rest.issues.createComment({ owner: "o", repo: "r", issue_number: 3, body: "c" }),
      octokit.rest.repos.get({ owner: "o", repo: "r" }),
    ]);

    expect(scope.isDone()).toBe(true);
    expect(maxOpenWrites).toBe(1);
    expect(events).toEqual([
      "write /repos/o/r/issues/1/comments",
      "write /repos/o/r/issues/2/comments",
      "write /repos/o/r/issues/3/comments",
    ]);
  });
});
