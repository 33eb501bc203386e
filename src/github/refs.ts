/** A repository by owner and name (what the REST paths need). */
export interface RepoRef {
  owner: string;
  repo: string;
}

/** One pull request of a repository. */
export interface PullRef extends RepoRef {
  pullNumber: number;
}

/** `owner/name` → `{ owner, repo }`. */
export function toRepoRef(fullName: string): RepoRef {
  const slash = fullName.indexOf("/");
  return { owner: fullName.slice(0, slash), repo: fullName.slice(slash + 1) };
}
