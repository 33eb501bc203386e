import { type CheckRunReader, octokitCheckRunReader } from "../github/check-run-output.ts";
import type { CommentPublisher } from "../github/comment-publisher.ts";
import type { GitHubClients, InstallationOctokit } from "../github/github-clients.ts";
import { createOctokitPorts, type GitHubPorts } from "../github/github-ports.ts";
import { jobInstallationClient } from "../github/job-installation-client.ts";
import { octokitCommentPublisher } from "../github/octokit-comment-publisher.ts";
import { octokitPullRequestLabels } from "../github/octokit-pull-request-labels.ts";
import type { PullRequestLabels } from "../github/pull-request-labels.ts";

/** What the remediation jobs need from the process. */
export interface RemediationDeps {
  github: GitHubClients;
  /** `REVIEWLOOP_DRY_RUN`: nothing is dispatched, commented or labelled; each is logged. */
  dryRun: boolean;
  githubTimeoutMs?: number;
  /** The operator's fixer webhook (`REVIEWLOOP_FIXER_WEBHOOK_URL` / `_SECRET`), when set. */
  fixerWebhook?: { url: string; secret: string };
  /** `REVIEWLOOP_MAX_ROUNDS_IN_FLIGHT`: rounds the fixer has at once, across repositories. */
  maxRoundsInFlight?: number;
  /** `sendOnce`'s pause before looking after an unknown outcome, in ms (tests use 0). */
  unknownOutcomePauseMs?: number;
  /** The clock (tests). */
  now?: () => Date;
  /**
   * Values no kept diagnostic may contain (the app's private key, its webhook secret, the fixer
   * webhook's secret): log tails are scrubbed of them before they are stored or shown.
   */
  secrets?: readonly string[];
}

/** One remediation job's GitHub: the guarded installation client and the ports over it. */
export interface RemediationGitHub {
  octokit: InstallationOctokit;
  ports: GitHubPorts;
  checkRuns: CheckRunReader;
  labels: PullRequestLabels;
  comments: CommentPublisher;
}

export async function remediationGitHub(
  deps: RemediationDeps,
  installationId: number,
  signal: AbortSignal,
): Promise<RemediationGitHub> {
  const octokit = await jobInstallationClient(deps.github, installationId, {
    signal,
    ...(deps.githubTimeoutMs === undefined ? {} : { timeoutMs: deps.githubTimeoutMs }),
  });
  return {
    octokit,
    ports: createOctokitPorts(octokit),
    checkRuns: octokitCheckRunReader(octokit),
    labels: octokitPullRequestLabels(octokit),
    comments: octokitCommentPublisher(octokit),
  };
}
