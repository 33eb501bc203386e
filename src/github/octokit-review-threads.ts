import { z } from "zod";
import { callGitHub } from "./call-github.ts";
import type { InstallationOctokit } from "./github-clients.ts";
import type { ReviewThread, ReviewThreads } from "./review-threads.ts";

const THREADS_QUERY = `query ($owner: String!, $repo: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $after) {
        nodes { id isResolved comments(first: 1) { nodes { databaseId } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}`;

const RESOLVE_MUTATION = `mutation ($threadId: ID!) {
  resolveReviewThread(input: { threadId: $threadId }) { thread { id isResolved } }
}`;

const threadsSchema = z.object({
  repository: z.object({
    pullRequest: z
      .object({
        reviewThreads: z.object({
          nodes: z.array(
            z.object({
              id: z.string(),
              isResolved: z.boolean(),
              comments: z.object({
                nodes: z.array(z.object({ databaseId: z.number().int().nullable() })),
              }),
            }),
          ),
          pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
        }),
      })
      .nullable(),
  }),
});

/** ReviewThreads over an installation Octokit's GraphQL client. */
export function octokitReviewThreads(octokit: InstallationOctokit): ReviewThreads {
  return {
    async findThreads({ owner, repo, pullNumber }, commentIds) {
      const wanted = new Set(commentIds);
      const found = new Map<number, ReviewThread>();
      let after: string | null = null;
      while (found.size < wanted.size) {
        const data = threadsSchema.parse(
          await callGitHub(() =>
            octokit.graphql(THREADS_QUERY, { owner, repo, number: pullNumber, after }),
          ),
        );
        const threads = data.repository.pullRequest?.reviewThreads;
        if (!threads) break;
        for (const thread of threads.nodes) {
          const first = thread.comments.nodes[0]?.databaseId;
          if (first != null && wanted.has(first)) {
            found.set(first, { threadId: thread.id, isResolved: thread.isResolved });
          }
        }
        if (!threads.pageInfo.hasNextPage) break;
        after = threads.pageInfo.endCursor;
      }
      return found;
    },

    async resolveThread(threadId) {
      await callGitHub(() => octokit.graphql(RESOLVE_MUTATION, { threadId }));
    },
  };
}
