import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { InstallationOctokit } from "../../src/github/github-clients.ts";
import { octokitReviewThreads } from "../../src/github/octokit-review-threads.ts";
import type { GitHubSimulator } from "../e2e/github-simulator/create-simulator.ts";
import { HEAD_SHA } from "../e2e/github-simulator/fixtures.ts";
import { loadGraphqlSchema } from "../e2e/github-simulator/graphql/load-schema.ts";
import { findSeededPullRequest } from "../e2e/github-simulator/seed.ts";
import { addReview, addReviewComment } from "../e2e/github-simulator/seed-comments.ts";
import {
  type Client,
  failure,
  full,
  owner,
  repo,
  startSeededSimulator,
} from "../e2e/github-simulator/test-support.ts";

let sim: GitHubSimulator;
let octokit: Client;

beforeAll(async () => {
  ({ sim, octokit } = await startSeededSimulator());
});
afterAll(() => sim.close());
afterEach(() => {
  // Tests that provoke violations take theirs; anything left is a bug.
  expect(sim.violations.splice(0)).toEqual([]);
});

const pullRequestQuery = (selection: string) =>
  `query ($owner: String!, $name: String!, $number: Int!) {
    repository(owner: $owner, name: $name) { pullRequest(number: $number) { ${selection} } }
  }`;

describe("the simulator's GraphQL endpoint checks requests against GitHub's published schema", () => {
  it("accepts the app's review-thread query and resolve mutation", async () => {
    const pr = findSeededPullRequest(sim.state, full, 1);
    const review = addReview(sim.state, pr, {
      user: "reviewloop[bot]",
      body: "One finding",
      state: "COMMENTED",
      commitId: HEAD_SHA,
    });
    const comment = addReviewComment(sim.state, pr, {
      reviewId: review.id,
      user: "reviewloop[bot]",
      body: "note",
      path: "src/app.ts",
      line: 3,
      side: "RIGHT",
      startLine: null,
      startSide: null,
      commitId: HEAD_SHA,
    });
    const threads = octokitReviewThreads(octokit as unknown as InstallationOctokit);

    const found = await threads.findThreads({ owner, repo, pullNumber: 1 }, [comment.id]);
    await threads.resolveThread(found.get(comment.id)?.threadId ?? "");

    expect(found.get(comment.id)).toEqual({ threadId: comment.threadId, isResolved: false });
    expect(sim.state.threads.find((t) => t.id === comment.threadId)?.isResolved).toBe(true);
    expect(sim.requests.filter((r) => r.operationId === "graphql")).toHaveLength(2);
  });

  it.each([
    [
      "a misspelt field",
      pullRequestQuery("reviewThread(first: 1) { totalCount }"),
      { number: 1 },
      "Field 'reviewThread' doesn't exist on type 'PullRequest'",
    ],
    [
      "an argument literal of the wrong type",
      'query { repository(owner: "acme", name: "widgets") { pullRequest(number: "1") { id } } }',
      {},
      'Int cannot represent non-integer value: "1"',
    ],
    [
      "an argument GitHub does not take",
      pullRequestQuery("reviewThreads(first: 1, resolved: false) { totalCount }"),
      { number: 1 },
      'Unknown argument "resolved" on field "PullRequest.reviewThreads".',
    ],
    [
      "a variable value of the wrong type",
      pullRequestQuery("number"),
      { number: "one" },
      'Variable "$number" got invalid value "one"; Int cannot represent non-integer value: "one"',
    ],
    [
      "a required variable left out",
      pullRequestQuery("number"),
      {},
      'Variable "$number" of required type "Int!" was not provided.',
    ],
    [
      "a variable declared with a type its argument does not take",
      `mutation ($threadId: String!) {
        resolveReviewThread(input: { threadId: $threadId }) { thread { id } }
      }`,
      { threadId: "PRRT_1" },
      'Variable "$threadId" of type "String!" used in position expecting type "ID!".',
    ],
    ["a syntax error", "query { repository(owner: ", {}, "Syntax Error: Unexpected <EOF>."],
  ])(
    "answers 200 with errors and records a violation for %s",
    async (_, query, variables, message) => {
      const error = (await failure(
        octokit.graphql(query, { owner, name: repo, ...variables }),
      )) as unknown as { errors?: { message: string }[] };

      expect(error.errors?.map((e) => e.message)).toEqual([message]);
      expect(sim.violations.splice(0)).toEqual([`POST /api/graphql: graphql: ${message}`]);
      expect(sim.requests.at(-1)?.status).toBe(200);
    },
  );

  it("runs a valid document with fragments on GitHub's interfaces", async () => {
    const [thread] = sim.state.threads;

    const answer = await octokit.graphql<{ node: Record<string, unknown> }>(
      `query ($id: ID!) {
        node(id: $id) { __typename ...threadFields }
      }
      fragment threadFields on PullRequestReviewThread { resolved: isResolved }`,
      { id: thread?.id },
    );

    expect(answer.node).toEqual({
      __typename: "PullRequestReviewThread",
      resolved: thread?.isResolved,
    });
  });

  it("records a field GitHub has but the simulator does not implement", async () => {
    await failure(octokit.graphql(pullRequestQuery("mergeable"), { owner, name: repo, number: 1 }));

    expect(sim.violations.splice(0)).toEqual([
      expect.stringContaining(
        "The simulator does not implement field 'mergeable' on type 'PullRequest'",
      ),
    ]);
  });

  it("builds the schema once per process", () => {
    expect(loadGraphqlSchema()).toBe(loadGraphqlSchema());
  });
});
