import type { ReviewComment } from "../review/review-pass.ts";
import type { ReviewEvent } from "../review/verdict.ts";
import type { PullRef } from "./refs.ts";

/** `POST /repos/{o}/{r}/pulls/{n}/reviews`, in GitHub's field names. */
export interface CreateReviewRequest {
  /** The head sha that was reviewed. */
  commit_id: string;
  event: ReviewEvent;
  body: string;
  comments: ReviewComment[];
}

/** A review on GitHub. */
export interface PostedReview {
  id: number;
  htmlUrl: string;
}

/** One comment of a posted review. */
export interface PostedReviewComment {
  id: number;
  htmlUrl: string;
  body: string;
}

/** Pull request reviews (port; `octokit-review-publisher.ts` is the GitHub adapter). */
export interface ReviewPublisher {
  /** Posts one review with all its inline comments (mutating). */
  createReview(pr: PullRef, request: CreateReviewRequest): Promise<PostedReview>;
  /**
   * The comments of one review (the create answer carries no comment ids; later passes link and
   * resolve threads by them): `GET …/pulls/{n}/comments?sort=created&direction=desc`, 100 per
   * page, newest first, keeping those of `reviewId` and stopping once `expected` are found —
   * one page per 100 new comments unless others commented in between.
   */
  listReviewComments(
    pr: PullRef,
    reviewId: number,
    expected: number,
  ): Promise<PostedReviewComment[]>;
  /**
   * The newest review whose body contains `marker` (one intent's identity), or null
   * (`GET …/reviews`, every page): how a pass finds what an earlier run of its job posted. A
   * read: safe to repeat.
   */
  findReview(pr: PullRef, marker: string): Promise<PostedReview | null>;
}
