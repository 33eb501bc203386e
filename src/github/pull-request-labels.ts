import type { RepoRef } from "./refs.ts";

/** A label as the hand-off adds it. */
export interface LabelSpec {
  name: string;
  color: string;
  description: string;
}

/** Labels on pull requests (port; `octokit-pull-request-labels.ts` is the GitHub adapter). */
export interface PullRequestLabels {
  /** Creates the repository's label unless it exists (idempotent: "already exists" is success). */
  ensureLabel(repo: RepoRef, label: LabelSpec): Promise<void>;
  /** Adds the label to the pull request (adding one it has is a no-op on GitHub). */
  addLabel(repo: RepoRef, prNumber: number, name: string): Promise<void>;
  /** Removes the label; a pull request without it is not an error. */
  removeLabel(repo: RepoRef, prNumber: number, name: string): Promise<void>;
}
