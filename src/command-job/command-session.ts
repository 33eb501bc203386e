import type { GitHubPermission } from "../commands/check-permission.ts";
import type { RepoConfig } from "../config/schema.ts";
import type { PullRequestInfo } from "../github/pull-request-reader.ts";
import { toRepoRef } from "../github/refs.ts";
import type { Db } from "../store/db.ts";
import type { CommandPorts } from "./command-ports.ts";
import type { RunCommandsPayload } from "./run-commands-payload.ts";

/**
 * What the commands of one comment share: the payload, the repository config, and GitHub facts
 * read at most once and only when a command needs them (a `help` reads neither the pull request
 * nor the actor's permission).
 */
export interface CommandSession {
  db: Db;
  ports: CommandPorts;
  payload: RunCommandsPayload;
  config: RepoConfig;
  now(): Date;
  /** The pull request as GitHub has it now. */
  facts(): Promise<PullRequestInfo>;
  /** The commenter's access to the repository. */
  permission(): Promise<GitHubPermission>;
}

/** Loads on first use and keeps the answer; a failed load is forgotten, so the next command asks again. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    if (value === undefined) {
      const loading = load();
      value = loading;
      loading.catch(() => {
        if (value === loading) value = undefined;
      });
    }
    return value;
  };
}

/** A session for one comment. Bots are never looked up: `allowed_bots` decides for them. */
export function createCommandSession(init: {
  db: Db;
  ports: CommandPorts;
  payload: RunCommandsPayload;
  config: RepoConfig;
  now(): Date;
}): CommandSession {
  const { ports, payload } = init;
  const repo = toRepoRef(payload.repoFullName);
  return {
    ...init,
    facts: once(() => ports.pulls.getPullRequest({ ...repo, pullNumber: payload.prNumber })),
    permission: once(async () =>
      payload.actor.type === "Bot"
        ? "none"
        : ports.permissions.readPermission(
            { ...repo, repoId: payload.repoId },
            payload.actor.login,
          ),
    ),
  };
}
