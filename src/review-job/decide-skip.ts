import picomatch from "picomatch";
import type { RepoConfig } from "../config/schema.ts";
import type { PullRequestInfo } from "../github/pull-request-reader.ts";

/**
 * Why the repository config says this pull request is not reviewed, or null to review it.
 * These filters need the config, so they run in the job (the webhook handler only enqueues);
 * a skipped pass posts nothing at all — no review, no check run (see docs/review-pass.md).
 */
export function decideSkip(
  pr: Pick<PullRequestInfo, "draft" | "baseRef" | "author" | "labels">,
  review: Pick<RepoConfig["review"], "drafts" | "branches" | "ignore_authors" | "labels">,
): string | null {
  if (pr.draft && !review.drafts) return "draft pull request (review.drafts is false)";
  if (!picomatch(review.branches, { dot: true })(pr.baseRef)) {
    return `base branch ${pr.baseRef} is not in review.branches`;
  }
  const author = pr.author.toLowerCase();
  if (review.ignore_authors.some((login) => login.toLowerCase() === author)) {
    return `author ${pr.author} is in review.ignore_authors`;
  }
  const label = pr.labels.find((name) => review.labels.skip.includes(name));
  if (label !== undefined) return `label ${label} is in review.labels.skip`;
  return null;
}
