import type { CheckRunPublisher } from "./check-run-publisher.ts";
import type { CheckRunsReader } from "./check-runs-reader.ts";
import type { ConfigReader } from "./config-reader.ts";
import type { InstallationOctokit } from "./github-clients.ts";
import { octokitCheckRunPublisher } from "./octokit-check-run-publisher.ts";
import { octokitCheckRunsReader } from "./octokit-check-runs-reader.ts";
import { octokitConfigReader } from "./octokit-config-reader.ts";
import { octokitPullRequestReader } from "./octokit-pull-request-reader.ts";
import { octokitReviewPublisher } from "./octokit-review-publisher.ts";
import { octokitReviewThreads } from "./octokit-review-threads.ts";
import type { PullRequestReader } from "./pull-request-reader.ts";
import type { ReviewPublisher } from "./review-publisher.ts";
import type { ReviewThreads } from "./review-threads.ts";

/** Everything a review pass does on GitHub, one port per capability. */
export interface GitHubPorts {
  pulls: PullRequestReader;
  config: ConfigReader;
  reviews: ReviewPublisher;
  checks: CheckRunPublisher;
  threads: ReviewThreads;
  /** Other check runs of a commit (CI state, the checks engine's annotations). */
  checkRuns: CheckRunsReader;
}

/** The GitHub adapters of every port over one installation Octokit. */
export function createOctokitPorts(octokit: InstallationOctokit): GitHubPorts {
  return {
    pulls: octokitPullRequestReader(octokit),
    config: octokitConfigReader(octokit),
    reviews: octokitReviewPublisher(octokit),
    checks: octokitCheckRunPublisher(octokit),
    threads: octokitReviewThreads(octokit),
    checkRuns: octokitCheckRunsReader(octokit),
  };
}
