import { callGitHub } from "./call-github.ts";
import type { CommentPublisher } from "./comment-publisher.ts";
import type { InstallationOctokit } from "./github-clients.ts";

/** CommentPublisher over an installation Octokit (issues, pulls and reactions REST APIs). */
export function octokitCommentPublisher(octokit: InstallationOctokit): CommentPublisher {
  return {
    async react({ owner, repo, kind, commentId }, content) {
      await callGitHub(() =>
        kind === "issue_comment"
          ? octokit.rest.reactions.createForIssueComment({
              owner,
              repo,
              comment_id: commentId,
              content,
            })
          : octokit.rest.reactions.createForPullRequestReviewComment({
              owner,
              repo,
              comment_id: commentId,
              content,
            }),
      );
    },
    async reply({ owner, repo, pullNumber, kind, commentId, threadRootId }, body) {
      if (kind === "issue_comment") {
        const { data } = await callGitHub(() =>
          octokit.rest.issues.createComment({ owner, repo, issue_number: pullNumber, body }),
        );
        return { id: data.id, url: data.html_url };
      }
      const { data } = await callGitHub(() =>
        octokit.rest.pulls.createReplyForReviewComment({
          owner,
          repo,
          pull_number: pullNumber,
          comment_id: threadRootId ?? commentId,
          body,
        }),
      );
      return { id: data.id, url: data.html_url };
    },
  };
}
