import { z } from "zod";
import { callGitHub } from "./call-github.ts";
import type { InstallationOctokit } from "./github-clients.ts";
import type { ReviewPublisher } from "./review-publisher.ts";

const reviewSchema = z.object({
  id: z.number().int(),
  html_url: z.string(),
  body: z.string().nullish(),
  submitted_at: z.string().nullish(),
});

const commentSchema = z.object({ id: z.number().int(), html_url: z.string(), body: z.string() });

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

    async listReviewComments({ owner, repo, pullNumber }, reviewId) {
      const comments = await callGitHub(() =>
        octokit.paginate(octokit.rest.pulls.listCommentsForReview, {
          owner,
          repo,
          pull_number: pullNumber,
          review_id: reviewId,
          per_page: 100,
        }),
      );
      return comments.map((comment) => {
        const parsed = commentSchema.parse(comment);
        return { id: parsed.id, htmlUrl: parsed.html_url, body: parsed.body };
      });
    },

    async findReview({ owner, repo, pullNumber }, marker, since) {
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
        .filter(
          (review) =>
            (review.body ?? "").includes(marker) &&
            (review.submitted_at == null || Date.parse(review.submitted_at) >= since.getTime()),
        )
        .at(-1);
      return found === undefined ? null : { id: found.id, htmlUrl: found.html_url };
    },
  };
}
