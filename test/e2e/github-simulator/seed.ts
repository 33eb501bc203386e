import { overlayFor } from "./files-at-ref.ts";
import { nodeId, prKey, repoKey, type SimState } from "./state.ts";
import type { PullFile, SimCommit, SimPermission, SimPullRequest, SimRepo } from "./types.ts";

export { type SeedRunOptions, seedWorkflowRun } from "./seed-runs.ts";

export interface SeedRepoOptions {
  owner: string;
  name: string;
  id?: number;
  installationId?: number;
  defaultBranch?: string;
  private?: boolean;
  /** File contents on the default branch. */
  files?: Record<string, string>;
}

export interface SeedPullRequestOptions {
  /** `owner/name` of a seeded repository. */
  repo: string;
  number: number;
  author?: string;
  title?: string;
  body?: string;
  base: { ref: string; sha: string };
  head: { ref: string; sha: string };
  files: PullFile[];
  draft?: boolean;
  fromFork?: boolean;
  /** The branch's commits, oldest first; defaults to one commit at the head sha. */
  commits?: SimCommit[];
  /**
   * Contents at the head sha of files that differ from the default branch (what
   * `contents/{path}?ref=<head>` serves); null for a deleted file. Added files' contents are
   * read from their patches when not given.
   */
  contents?: Record<string, string | null>;
}

export interface PushOptions {
  newHeadSha: string;
  /** The PR's files after the push (base...new head). */
  files: PullFile[];
  /**
   * What changed between the old and the new head (`compare/{old}...{new}`); defaults to the
   * entries of `files` that differ from the PR's previous files (an approximation).
   */
  changedFiles?: PullFile[];
  forcePush?: boolean;
  message?: string;
  author?: string;
  /**
   * Contents at the new head of files that differ from the default branch; files given for the
   * previous head carry over while `files` still lists them (not after a force push). Added
   * files' contents are read from their patches when not given.
   */
  contents?: Record<string, string | null>;
}

export function seedRepo(state: SimState, options: SeedRepoOptions): SimRepo {
  const id = options.id ?? state.nextId();
  const repo: SimRepo = {
    id,
    nodeId: nodeId("R", id),
    owner: options.owner,
    name: options.name,
    fullName: `${options.owner}/${options.name}`,
    installationId: options.installationId ?? 4242,
    defaultBranch: options.defaultBranch ?? "main",
    private: options.private ?? false,
    files: new Map(Object.entries(options.files ?? {})),
    filesAt: new Map(),
  };
  state.repos.set(repoKey(options.owner, options.name), repo);
  return repo;
}

export function requireRepo(state: SimState, fullName: string): SimRepo {
  const repo = state.repos.get(fullName.toLowerCase());
  if (!repo) throw new Error(`seed ${fullName} with seedRepo first`);
  return repo;
}

export function seedPullRequest(state: SimState, options: SeedPullRequestOptions): SimPullRequest {
  const repo = requireRepo(state, options.repo);
  const author = options.author ?? "octocat";
  const commits = options.commits ?? [{ sha: options.head.sha, message: "Change things", author }];
  const id = state.nextId();
  const pr: SimPullRequest = {
    id,
    nodeId: nodeId("PR", id),
    repo: repoKey(repo.owner, repo.name),
    number: options.number,
    title: options.title ?? `Pull request ${options.number}`,
    body: options.body ?? "",
    author,
    state: "open",
    merged: false,
    draft: options.draft ?? false,
    fromFork: options.fromFork ?? false,
    base: { ...options.base },
    head: { ...options.head },
    files: options.files,
    commits,
    filesBySha: new Map([[options.head.sha, options.files]]),
    commitsBySha: new Map([[options.head.sha, commits]]),
    pushes: [],
    labels: [],
  };
  state.pullRequests.set(prKey(pr.repo, pr.number), pr);
  repo.filesAt.set(options.head.sha, overlayFor(options.files, options.contents));
  return pr;
}

export function findSeededPullRequest(
  state: SimState,
  repo: string,
  number: number,
): SimPullRequest {
  const pr = state.pullRequests.get(prKey(repo, number));
  if (!pr) throw new Error(`seed ${repo}#${number} with seedPullRequest first`);
  return pr;
}

/** Moves the PR's head: new files, a new commit (or a rewritten branch), compare data. */
export function pushCommits(
  state: SimState,
  repo: string,
  number: number,
  options: PushOptions,
): SimPullRequest {
  const pr = findSeededPullRequest(state, repo, number);
  const tree = requireRepo(state, repo).filesAt;
  const previousTree = options.forcePush ? undefined : tree.get(pr.head.sha);
  tree.set(options.newHeadSha, overlayFor(options.files, options.contents, previousTree));
  const previous = new Map(pr.files.map((file) => [file.filename, JSON.stringify(file)]));
  const changed =
    options.changedFiles ??
    options.files.filter((file) => previous.get(file.filename) !== JSON.stringify(file));
  const commit = {
    sha: options.newHeadSha,
    message: options.message ?? "Push",
    author: options.author ?? pr.author,
  };
  const commits = options.forcePush ? [commit] : [...pr.commits, commit];
  pr.pushes.push({
    from: pr.head.sha,
    to: options.newHeadSha,
    files: changed,
    commits: [commit],
    forcePush: options.forcePush ?? false,
  });
  pr.head = { ...pr.head, sha: options.newHeadSha };
  pr.files = options.files;
  pr.commits = commits;
  pr.filesBySha.set(options.newHeadSha, options.files);
  pr.commitsBySha.set(options.newHeadSha, commits);
  return pr;
}

/** Writes `.github/reviewloop.yml` on the repository's default branch. */
export function seedConfig(state: SimState, repo: string, yamlText: string): void {
  requireRepo(state, repo).files.set(".github/reviewloop.yml", yamlText);
}

/** What `collaborators/{login}/permission` answers; `roleName` defaults to the permission. */
export function seedPermission(
  state: SimState,
  repo: string,
  login: string,
  permission: SimPermission["permission"],
  roleName?: string,
): void {
  const key = repo.toLowerCase();
  const users = state.permissions.get(key) ?? new Map<string, SimPermission>();
  users.set(login.toLowerCase(), { permission, roleName: roleName ?? permission });
  state.permissions.set(key, users);
}
