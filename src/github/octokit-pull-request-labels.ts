import { callGitHub } from "./call-github.ts";
import { GitHubApiError } from "./github-api-error.ts";
import type { InstallationOctokit } from "./github-clients.ts";
import type { PullRequestLabels } from "./pull-request-labels.ts";

/** A 422 whose errors say `already_exists`: the label is there, which is what we wanted. */
function alreadyExists(error: unknown): boolean {
  return (
    error instanceof GitHubApiError &&
    error.status === 422 &&
    /already_exists|already exists/i.test(error.message)
  );
}

/**
 * PullRequestLabels over an installation Octokit. Each call is idempotent in effect (creating
 * an existing label, adding a present one, removing a missing one all leave the same labels), so
 * a retry after an unknown outcome needs no lookup.
 */
export function octokitPullRequestLabels(octokit: InstallationOctokit): PullRequestLabels {
  return {
    async ensureLabel({ owner, repo }, label) {
      try {
        await callGitHub(() => octokit.rest.issues.createLabel({ owner, repo, ...label }));
      } catch (error) {
        if (!alreadyExists(error)) throw error;
      }
    },
    async addLabel({ owner, repo }, prNumber, name) {
      await callGitHub(() =>
        octokit.rest.issues.addLabels({ owner, repo, issue_number: prNumber, labels: [name] }),
      );
    },
    async removeLabel({ owner, repo }, prNumber, name) {
      try {
        await callGitHub(() =>
          octokit.rest.issues.removeLabel({ owner, repo, issue_number: prNumber, name }),
        );
      } catch (error) {
        if (!(error instanceof GitHubApiError && error.isNotFound)) throw error;
      }
    },
  };
}
