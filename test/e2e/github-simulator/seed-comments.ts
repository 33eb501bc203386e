import { nodeId, now, type SimState } from "./state.ts";
import type { SimIssueComment, SimPullRequest, SimReview, SimReviewComment } from "./types.ts";

/** Stores a review (the routes and the seed helpers share this). */
export function addReview(
  state: SimState,
  pr: SimPullRequest,
  fields: Pick<SimReview, "user" | "body" | "state" | "commitId">,
): SimReview {
  const id = state.nextId();
  const review: SimReview = {
    id,
    nodeId: nodeId("PRR", id),
    repo: pr.repo,
    prNumber: pr.number,
    submittedAt: now(),
    ...fields,
  };
  state.reviews.push(review);
  return review;
}

export type ReviewCommentFields = Pick<
  SimReviewComment,
  "reviewId" | "user" | "body" | "path" | "line" | "side" | "startLine" | "startSide" | "commitId"
> & { inReplyToId?: number };

/**
 * Stores a review comment. A top-level comment opens a review thread (what GraphQL's
 * `reviewThreads` lists); a reply joins the thread of the comment it answers.
 */
export function addReviewComment(
  state: SimState,
  pr: SimPullRequest,
  fields: ReviewCommentFields,
): SimReviewComment {
  const id = state.nextId();
  const parentThread =
    fields.inReplyToId === undefined
      ? undefined
      : state.threads.find((thread) => thread.commentIds.includes(fields.inReplyToId ?? -1));
  const thread = parentThread ?? {
    id: nodeId("PRRT", id),
    repo: pr.repo,
    prNumber: pr.number,
    isResolved: false,
    commentIds: [],
  };
  if (!parentThread) state.threads.push(thread);
  thread.commentIds.push(id);
  const comment: SimReviewComment = {
    id,
    nodeId: nodeId("PRRC", id),
    repo: pr.repo,
    prNumber: pr.number,
    threadId: thread.id,
    createdAt: now(),
    minimizedReason: null,
    ...fields,
  };
  state.reviewComments.push(comment);
  return comment;
}

/** Stores a comment on the pull request's conversation (an issue comment). */
export function addIssueComment(
  state: SimState,
  repo: string,
  issueNumber: number,
  user: string,
  body: string,
): SimIssueComment {
  const id = state.nextId();
  const at = now();
  const comment: SimIssueComment = {
    id,
    nodeId: nodeId("IC", id),
    repo,
    issueNumber,
    user,
    body,
    createdAt: at,
    updatedAt: at,
    minimizedReason: null,
  };
  state.issueComments.push(comment);
  return comment;
}
