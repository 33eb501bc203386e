import type { Logger } from "pino";
import { GitHubApiError } from "../github/github-api-error.ts";
import type { PullRef } from "../github/refs.ts";
import type {
  CreateReviewRequest,
  PostedReview,
  ReviewPublisher,
} from "../github/review-publisher.ts";
import { renderFallbackBody } from "./render-fallback-body.ts";

/** The posted review, and whether its inline comments went with it. */
export interface PostReviewResult {
  review: PostedReview;
  inline: boolean;
}

/**
 * Posts the review. GitHub rejects a whole review with 422 when one anchor is wrong and does not
 * say which; the anchors were checked already, so a 422 is retried exactly once with every
 * inline comment moved into the body — the review is never lost.
 */
export async function postReview(
  reviews: ReviewPublisher,
  pr: PullRef,
  request: CreateReviewRequest,
  log: Logger,
): Promise<PostReviewResult> {
  try {
    return { review: await reviews.createReview(pr, request), inline: true };
  } catch (error) {
    if (!(error instanceof GitHubApiError) || error.status !== 422) throw error;
    if (request.comments.length === 0) throw error;
    log.warn(
      { err: error, comments: request.comments.length },
      "GitHub rejected the review's inline comments; posting them in the body instead",
    );
    const fallback: CreateReviewRequest = {
      ...request,
      body: renderFallbackBody(request.body, request.comments),
      comments: [],
    };
    return { review: await reviews.createReview(pr, fallback), inline: false };
  }
}
