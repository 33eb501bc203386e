import { paginate } from "../http/paginate.ts";
import { fail, json, type RouteHandler } from "../http/respond.ts";
import { renderPullRequest } from "../render.ts";
import type { PullFile } from "../types.ts";
import { withPullRequest } from "./lookup.ts";
import { renderCommit, renderDiff, renderFile } from "./render-files.ts";

/** GitHub lists at most this many files of a pull request. */
export const MAX_LISTED_FILES = 3000;
/** Above this many files the `.diff` media type fails with 406. */
export const MAX_DIFF_FILES = 300;

/** Reading pull requests: the PR, its files (paginated, capped), its commits, its diff. */
export const pullRoutes: Record<string, RouteHandler> = {
  "pulls/get": (context) =>
    withPullRequest(context, (pr, repo) => {
      const accept = String(context.headers.accept ?? "");
      if (/diff/.test(accept)) {
        if (pr.files.length > MAX_DIFF_FILES) {
          return fail(
            406,
            `Sorry, the diff exceeded the maximum number of files (${MAX_DIFF_FILES}). Consider using 'List pull requests files' API or locally cloning the repository instead.`,
            [{ resource: "PullRequest", field: "diff", code: "too_large" }],
          );
        }
        return {
          status: 200,
          text: renderDiff(pr.files),
          headers: { "content-type": "application/vnd.github.diff; charset=utf-8" },
        };
      }
      return json(200, renderPullRequest(pr, repo, context.origin));
    }),

  "pulls/list-files": (context) =>
    withPullRequest(context, (pr, repo) =>
      paginate(context, pr.files, {
        cap: MAX_LISTED_FILES,
        render: (file: PullFile) =>
          renderFile(file, `${repo.owner}/${repo.name}`, pr.head.sha, context.apiUrl),
      }),
    ),

  "pulls/list-commits": (context) =>
    withPullRequest(context, (pr, repo) =>
      paginate(
        context,
        pr.commits.map((commit, index) =>
          renderCommit(
            commit,
            pr.commits[index - 1]?.sha ?? pr.base.sha,
            `${repo.owner}/${repo.name}`,
          ),
        ),
        { cap: 250 },
      ),
    ),
};
