import { toGitHubApiError } from "./github-api-error.ts";

/** Runs one adapter call and turns Octokit's errors into `GitHubApiError` at the boundary. */
export async function callGitHub<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw toGitHubApiError(error);
  }
}
