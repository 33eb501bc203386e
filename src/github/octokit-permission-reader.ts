import { z } from "zod";
import type { GitHubPermission } from "../commands/check-permission.ts";
import { callGitHub } from "./call-github.ts";
import { GitHubApiError } from "./github-api-error.ts";
import type { InstallationOctokit } from "./github-clients.ts";
import type { PermissionReader } from "./permission-reader.ts";

export const answerSchema = z.object({
  permission: z.string(),
  role_name: z.string().nullish(),
});

const KNOWN: ReadonlySet<string> = new Set(["admin", "maintain", "write", "triage", "read"]);

/** The real role: `role_name` names `maintain` and `triage`, which `permission` folds away. */
export function toGitHubPermission(permission: string, roleName?: string | null): GitHubPermission {
  const role = roleName?.toLowerCase();
  if (role !== undefined && KNOWN.has(role)) return role as GitHubPermission;
  const level = permission.toLowerCase();
  // A custom role reports its base level in `permission`.
  return KNOWN.has(level) ? (level as GitHubPermission) : "none";
}

/** PermissionReader over an installation Octokit. */
export function octokitPermissionReader(octokit: InstallationOctokit): PermissionReader {
  return {
    async readPermission({ owner, repo }, login) {
      try {
        const { data } = await callGitHub(() =>
          octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: login }),
        );
        const answer = answerSchema.parse(data);
        return toGitHubPermission(answer.permission, answer.role_name);
      } catch (error) {
        // GitHub answers 404 for a login that is not a user (a deleted account, a bot).
        if (error instanceof GitHubApiError && error.status === 404) return "none";
        throw error;
      }
    },
  };
}
