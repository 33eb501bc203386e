import type { PullRef } from "./refs.ts";

/** A review thread, found by the database id of its first comment. */
export interface ReviewThread {
  threadId: string;
  isResolved: boolean;
}

/** Review threads over GraphQL (port; `octokit-review-threads.ts` is the GitHub adapter). */
export interface ReviewThreads {
  /**
   * The threads started by these comments (`pullRequest.reviewThreads`, 100 per query, paging
   * stops once every id is found). Comments not found are absent from the map.
   */
  findThreads(pr: PullRef, commentIds: readonly number[]): Promise<Map<number, ReviewThread>>;
  /** `resolveReviewThread` (mutating). */
  resolveThread(threadId: string): Promise<void>;
}
