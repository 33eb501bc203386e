import type { Logger } from "pino";
import type { GitHubPorts } from "./github-ports.ts";

/** The id a dry run hands back for something it did not create. */
export const DRY_RUN_ID = 0;

/**
 * `REVIEWLOOP_DRY_RUN=1`: every mutation is logged as "Would …" with its full request and not
 * sent; reads still go to GitHub so the pass computes exactly what it would post.
 */
export function withDryRun(ports: GitHubPorts, log: Logger): GitHubPorts {
  return {
    pulls: ports.pulls,
    config: ports.config,
    checkRuns: ports.checkRuns,
    reviews: {
      async createReview(pr, request) {
        log.info({ pr, request }, "Would post review");
        return { id: DRY_RUN_ID, htmlUrl: "" };
      },
      // Nothing was posted, so there is nothing to list.
      listReviewComments: async (pr, reviewId, expected) =>
        reviewId === DRY_RUN_ID ? [] : ports.reviews.listReviewComments(pr, reviewId, expected),
      findReview: (pr, marker) => ports.reviews.findReview(pr, marker),
    },
    checks: {
      async createCheckRun(repo, request) {
        log.info({ repo, request }, "Would create check run");
        return { id: DRY_RUN_ID };
      },
      async updateCheckRun(repo, checkRunId, request) {
        log.info({ repo, checkRunId, request }, "Would update check run");
      },
      findCheckRun: (repo, query) => ports.checks.findCheckRun(repo, query),
    },
    threads: {
      findThreads: (pr, commentIds) => ports.threads.findThreads(pr, commentIds),
      async resolveThread(threadId) {
        log.info({ threadId }, "Would resolve review thread");
      },
    },
  };
}
