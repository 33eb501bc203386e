import type { PullRef } from "./refs.ts";

/** A comment on a pull request that held commands. */
export interface CommentTarget extends PullRef {
  /** `issue_comment`: the conversation; `review_comment`: a line comment in a review thread. */
  kind: "issue_comment" | "review_comment";
  commentId: number;
  /**
   * For a reply inside a review thread: the thread's first comment (GitHub's `in_reply_to_id`).
   * Replies go to it, since GitHub does not support replies to replies.
   */
  threadRootId?: number | null;
}

/** The reactions reviewloop answers commands with: 👀 read, 👍 ran, 😕 did not run. */
export type CommandReaction = "eyes" | "+1" | "confused";

/** Answers a comment (port; `octokit-comment-publisher.ts` is the GitHub adapter). */
export interface CommentPublisher {
  /** Adds a reaction to the comment; adding one that exists already is not an error. */
  react(target: CommentTarget, content: CommandReaction): Promise<void>;
  /**
   * Replies to the comment: a new conversation comment for an issue comment, a reply in the
   * same review thread for a review comment.
   */
  reply(target: CommentTarget, body: string): Promise<PostedReply>;
  /**
   * Looks for a reply already posted to the comment, by the hidden marker in its body: the
   * pull request's conversation comments (issue comment) or review comments (review comment)
   * updated since `since` (the commented comment's creation; all of them when unknown). A read:
   * safe to run before every attempt to post.
   */
  findReply(
    target: CommentTarget,
    marker: string,
    since: string | null,
  ): Promise<PostedReply | null>;
}

/** A reply as GitHub stored it. */
export interface PostedReply {
  id: number;
  url: string;
}
