import type { GitHubPermission } from "../commands/check-permission.ts";
import type { RepoRef } from "./refs.ts";

/** A repository by name and by GitHub's stable id (the cache key survives renames). */
export interface PermissionRepo extends RepoRef {
  repoId: number;
}

/** Reads a user's access to a repository (port; `octokit-permission-reader.ts` is the adapter). */
export interface PermissionReader {
  /**
   * `GET /repos/{o}/{r}/collaborators/{user}/permission`, with the real role for `maintain` and
   * `triage` (GitHub's `permission` field folds them into `write` and `read`); `none` when the
   * user is not a collaborator of a private repository.
   */
  readPermission(repo: PermissionRepo, login: string): Promise<GitHubPermission>;
}

/** How long an answer is reused: GitHub's permissions rarely change within minutes. */
export const PERMISSION_CACHE_MS = 5 * 60_000;
const MAX_ENTRIES = 10_000;

/**
 * Caches a reader's answers per repository and user (case-insensitive) for `ttlMs`, in this
 * process. Concurrent questions share one request; failures are not cached.
 */
export function cachePermissions(
  reader: PermissionReader,
  options: { ttlMs?: number; now?: () => number } = {},
): PermissionReader {
  const ttlMs = options.ttlMs ?? PERMISSION_CACHE_MS;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { at: number; answer: Promise<GitHubPermission> }>();
  return {
    readPermission(repo, login) {
      const key = `${repo.repoId}:${login.toLowerCase()}`;
      const cached = entries.get(key);
      if (cached !== undefined && now() - cached.at < ttlMs) return cached.answer;
      // Oldest first: Map keeps insertion order, so trimming the front drops the stalest.
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
      const answer = reader.readPermission(repo, login);
      entries.set(key, { at: now(), answer });
      answer.catch(() => {
        if (entries.get(key)?.answer === answer) entries.delete(key);
      });
      return answer;
    },
  };
}
