import { z } from "zod";
import { callGitHub } from "./call-github.ts";
import type { CommentPublisher, PostedReply } from "./comment-publisher.ts";
import type { InstallationOctokit } from "./github-clients.ts";

export const commentSchema = z.object({
  id: z.number().int(),
  html_url: z.string(),
  body: z.string().nullish(),
});

/** The first comment of the pages whose body holds `marker`; Octokit errors become GitHubApiError. */
async function findInPages(
  pages: AsyncIterable<{ data: unknown[] }>,
  marker: string,
): Promise<PostedReply | null> {
  const iterator = pages[Symbol.asyncIterator]();
  for (;;) {
    const next = await callGitHub(() => iterator.next());
    if (next.done) return null;
    for (const item of next.value.data) {
      const comment = commentSchema.parse(item);
      if ((comment.body ?? "").includes(marker)) return { id: comment.id, url: comment.html_url };
    }
  }
}

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
    async findReply({ owner, repo, pullNumber, kind }, marker, since) {
      const query = { owner, repo, per_page: 100, ...(since === null ? {} : { since }) };
      // Both list endpoints take `since` (updated at or after): only comments newer than the
      // commented one are read, so a busy pull request costs one page, not its whole history.
      const pages =
        kind === "issue_comment"
          ? octokit.paginate.iterator(octokit.rest.issues.listComments, {
              ...query,
              issue_number: pullNumber,
            })
          : octokit.paginate.iterator(octokit.rest.pulls.listReviewComments, {
              ...query,
              pull_number: pullNumber,
            });
      return findInPages(pages, marker);
    },
  };
}
