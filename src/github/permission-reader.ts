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

/** A process-wide cache of permission answers, shared by every job whatever its client. */
export interface PermissionCache {
  /** `reader` with this cache in front of it. */
  wrap(reader: PermissionReader): PermissionReader;
}

/**
 * Caches answers per repository id and user (case-insensitive) for `ttlMs` (default 5 minutes)
 * in this process. Concurrent questions share one request; failures are not cached.
 */
export function createPermissionCache(
  options: { ttlMs?: number; now?: () => number } = {},
): PermissionCache {
  const ttlMs = options.ttlMs ?? PERMISSION_CACHE_MS;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { at: number; answer: Promise<GitHubPermission> }>();
  return {
    wrap: (reader) => ({
      readPermission(repo, login) {
        const key = `${repo.repoId}:${login.toLowerCase()}`;
        const cached = entries.get(key);
        if (cached !== undefined && now() - cached.at < ttlMs) return cached.answer;
        entries.delete(key);
        // Map keeps insertion order, so the first key is the stalest entry.
        if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
        const answer = reader.readPermission(repo, login);
        entries.set(key, { at: now(), answer });
        answer.catch(() => {
          if (entries.get(key)?.answer === answer) entries.delete(key);
        });
        return answer;
      },
    }),
  };
}
