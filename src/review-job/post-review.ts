import type { Logger } from "pino";
import { GitHubApiError } from "../github/github-api-error.ts";
import type { PullRef } from "../github/refs.ts";
import type {
  CreateReviewRequest,
  PostedReview,
  ReviewPublisher,
} from "../github/review-publisher.ts";
import { sendOnce } from "../github/send-once.ts";
import { renderFallbackBody } from "./render-fallback-body.ts";

/** The posted review, and whether its inline comments went with it. */
export interface PostReviewResult {
  review: PostedReview;
  inline: boolean;
}

/** What posting a review needs. */
export interface PostReviewDeps {
  reviews: ReviewPublisher;
  log: Logger;
  signal?: AbortSignal;
  /** `sendOnce`'s pause before looking (tests use 0). */
  pauseMs?: number;
}

/**
 * Posts the review at most once: its body carries `marker` (the job's identity), and after an
 * unknown outcome (5xx, timeout) the review is looked up by it before it is sent again. GitHub
 * rejects a whole review with 422 when one anchor is wrong and does not say which; the anchors
 * were checked already, so a 422 is retried exactly once with every inline comment moved into
 * the body (same marker, same care) — the review is never lost.
 */
export async function postReview(
  deps: PostReviewDeps,
  pr: PullRef,
  request: CreateReviewRequest,
  marker: string,
): Promise<PostReviewResult> {
  const { reviews, log } = deps;
  const once = (what: string, body: CreateReviewRequest) =>
    sendOnce({
      what,
      send: () => reviews.createReview(pr, body),
      find: () => reviews.findReview(pr, marker),
      log,
      ...(deps.signal === undefined ? {} : { signal: deps.signal }),
      ...(deps.pauseMs === undefined ? {} : { pauseMs: deps.pauseMs }),
    });
  try {
    return { review: await once("review", request), inline: true };
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
    return { review: await once("review without inline comments", fallback), inline: false };
  }
}
