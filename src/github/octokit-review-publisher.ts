import { z } from "zod";
import { callGitHub } from "./call-github.ts";
import type { InstallationOctokit } from "./github-clients.ts";
import type { PostedReviewComment, ReviewPublisher } from "./review-publisher.ts";

export const reviewSchema = z.object({
  id: z.number().int(),
  html_url: z.string(),
  body: z.string().nullish(),
});

export const commentSchema = z.object({
  id: z.number().int(),
  pull_request_review_id: z.number().int().nullable(),
  html_url: z.string(),
  body: z.string(),
});

/** The pages of a paginate iterator, with Octokit's errors turned into GitHubApiError. */
async function* wrapPages<T>(pages: AsyncIterable<{ data: T[] }>): AsyncGenerator<T[]> {
  const iterator = pages[Symbol.asyncIterator]();
  for (;;) {
    const next = await callGitHub(() => iterator.next());
    if (next.done) return;
    yield next.value.data;
  }
}

/** ReviewPublisher over an installation Octokit. */
export function octokitReviewPublisher(octokit: InstallationOctokit): ReviewPublisher {
  return {
    async createReview({ owner, repo, pullNumber }, request) {
      const { data } = await callGitHub(() =>
        octokit.rest.pulls.createReview({ owner, repo, pull_number: pullNumber, ...request }),
      );
      const review = reviewSchema.parse(data);
      return { id: review.id, htmlUrl: review.html_url };
    },

    async listReviewComments({ owner, repo, pullNumber }, reviewId, expected) {
      const found: PostedReviewComment[] = [];
      const pages = octokit.paginate.iterator(octokit.rest.pulls.listReviewComments, {
        owner,
        repo,
        pull_number: pullNumber,
        sort: "created",
        direction: "desc",
        per_page: 100,
      });
      for await (const page of wrapPages(pages)) {
        for (const comment of page) {
          const parsed = commentSchema.parse(comment);
          if (parsed.pull_request_review_id !== reviewId) continue;
          found.push({ id: parsed.id, htmlUrl: parsed.html_url, body: parsed.body });
        }
        if (found.length >= expected) break;
      }
      return found;
    },

    async findReview({ owner, repo, pullNumber }, marker) {
      const reviews = await callGitHub(() =>
        octokit.paginate(octokit.rest.pulls.listReviews, {
          owner,
          repo,
          pull_number: pullNumber,
          per_page: 100,
        }),
      );
      const found = reviews
        .map((review) => reviewSchema.parse(review))
        .filter((review) => (review.body ?? "").includes(marker))
        .at(-1);
      return found === undefined ? null : { id: found.id, htmlUrl: found.html_url };
    },
  };
}
