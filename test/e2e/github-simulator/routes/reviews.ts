import { paginate } from "../http/paginate.ts";
import { json, notFound, type RouteHandler, unprocessable } from "../http/respond.ts";
import { renderReview, renderReviewComment, reviewStateOf } from "../render.ts";
import { checkReviewAnchors, type ReviewCommentInput } from "../review-anchors.ts";
import { addReview, addReviewComment } from "../seed-comments.ts";
import { findThreadOfComment } from "../state.ts";
import { withPullRequest } from "./lookup.ts";

/** GitHub's limit on review, comment and issue comment bodies. */
export const MAX_BODY = 65_536;
export const BODY_TOO_LONG = `Body is too long (maximum is ${MAX_BODY} characters)`;

interface CreateReviewBody {
  commit_id?: string;
  body?: string;
  event?: "APPROVE" | "REQUEST_CHANGES" | "COMMENT";
  comments?: ReviewCommentInput[];
}

/** Reviews and review comments, validated as GitHub validates them; a rejected review stores nothing. */
export const reviewRoutes: Record<string, RouteHandler> = {
  "pulls/create-review": (context) =>
    withPullRequest(context, (pr) => {
      const input = context.body as CreateReviewBody;
      const { state } = context;
      const commitId = input.commit_id ?? pr.head.sha;
      const files = pr.filesBySha.get(commitId);
      if (!files || !pr.commits.some((commit) => commit.sha === commitId)) {
        return unprocessable("Commit id is not part of the pull request");
      }
      const body = input.body ?? "";
      if ((input.event === "REQUEST_CHANGES" || input.event === "COMMENT") && body.trim() === "") {
        return unprocessable("Body can't be blank");
      }
      const comments = input.comments ?? [];
      if (body.length > MAX_BODY || comments.some((comment) => comment.body.length > MAX_BODY)) {
        return unprocessable(BODY_TOO_LONG);
      }
      const anchorError = checkReviewAnchors(files, comments);
      if (anchorError) return unprocessable(anchorError);
      const reviewState = reviewStateOf(input.event);
      const pending = state.reviews.some(
        (review) =>
          review.repo === pr.repo &&
          review.prNumber === pr.number &&
          review.user === state.botLogin &&
          review.state === "PENDING",
      );
      if (reviewState === "PENDING" && pending) {
        return unprocessable("User can only have one pending review per pull request");
      }

      const review = addReview(state, pr, {
        user: state.botLogin,
        body,
        state: reviewState,
        commitId,
      });
      for (const comment of comments) {
        addReviewComment(state, pr, {
          reviewId: review.id,
          user: state.botLogin,
          body: comment.body,
          path: comment.path,
          line: comment.line ?? null,
          side: comment.side === "LEFT" ? "LEFT" : "RIGHT",
          startLine: comment.start_line ?? null,
          startSide:
            comment.start_line === undefined
              ? null
              : (comment.start_side ?? comment.side) === "LEFT"
                ? "LEFT"
                : "RIGHT",
          commitId,
        });
      }
      return json(200, renderReview(review, context.origin));
    }),

  "pulls/list-reviews": (context) =>
    withPullRequest(context, (pr) =>
      paginate(
        context,
        context.state.reviews
          .filter((review) => review.repo === pr.repo && review.prNumber === pr.number)
          .map((review) => renderReview(review, context.origin)),
      ),
    ),

  "pulls/list-review-comments": (context) =>
    withPullRequest(context, (pr) =>
      paginate(
        context,
        context.state.reviewComments
          .filter((comment) => comment.repo === pr.repo && comment.prNumber === pr.number)
          .map((comment) => renderReviewComment(comment, context.origin)),
      ),
    ),

  "pulls/create-reply-for-review-comment": (context) =>
    withPullRequest(context, (pr) => {
      const { state } = context;
      const commentId = Number(context.params.comment_id);
      const parent = state.reviewComments.find(
        (comment) =>
          comment.id === commentId && comment.repo === pr.repo && comment.prNumber === pr.number,
      );
      if (!parent) return notFound();
      const body = String(context.body.body ?? "");
      if (body.length > MAX_BODY) return unprocessable(BODY_TOO_LONG);
      // Replies to replies go to the thread's first comment, as on GitHub.
      const root = findThreadOfComment(state, commentId)?.commentIds[0] ?? commentId;
      const reply = addReviewComment(state, pr, {
        reviewId: addReview(state, pr, {
          user: state.botLogin,
          body: "",
          state: "COMMENTED",
          commitId: parent.commitId,
        }).id,
        inReplyToId: root,
        user: state.botLogin,
        body,
        path: parent.path,
        line: parent.line,
        side: parent.side,
        startLine: parent.startLine,
        startSide: parent.startSide,
        commitId: parent.commitId,
      });
      return json(201, renderReviewComment(reply, context.origin));
    }),

  "pulls/get-review-comment": (context) => {
    const id = Number(context.params.comment_id);
    const comment = context.state.reviewComments.find((candidate) => candidate.id === id);
    return comment ? json(200, renderReviewComment(comment, context.origin)) : notFound();
  },
};
