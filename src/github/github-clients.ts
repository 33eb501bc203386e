import type { Probot } from "probot";

/** An Octokit authenticated as one installation (Probot's, with retry and throttling plugins). */
export type InstallationOctokit = Awaited<ReturnType<Probot["auth"]>>;

/** Gives the worker an authenticated client per installation; tests substitute their own. */
export interface GitHubClients {
  /** An installation-authenticated Octokit (the token is cached by Probot). */
  forInstallation(installationId: number): Promise<InstallationOctokit>;
}

/** GitHubClients backed by a Probot instance (`probot.auth(installationId)`). */
export function probotGitHubClients(probot: Probot): GitHubClients {
  return { forInstallation: (installationId) => probot.auth(installationId) };
}
