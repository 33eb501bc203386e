import type { Logger } from "pino";
import type { CommentPublisher } from "../github/comment-publisher.ts";
import type { ConfigReader } from "../github/config-reader.ts";
import type { InstallationOctokit } from "../github/github-clients.ts";
import { octokitCommentPublisher } from "../github/octokit-comment-publisher.ts";
import { octokitConfigReader } from "../github/octokit-config-reader.ts";
import { octokitPermissionReader } from "../github/octokit-permission-reader.ts";
import { octokitPullRequestReader } from "../github/octokit-pull-request-reader.ts";
import type { PermissionCache, PermissionReader } from "../github/permission-reader.ts";
import type { PullRequestReader } from "../github/pull-request-reader.ts";

/** Everything comment commands do on GitHub, one port per capability. */
export interface CommandPorts {
  comments: CommentPublisher;
  permissions: PermissionReader;
  pulls: Pick<PullRequestReader, "getPullRequest">;
  config: ConfigReader;
}

/** The GitHub adapters over one installation Octokit, permissions behind the process cache. */
export function createCommandPorts(
  octokit: InstallationOctokit,
  permissionCache: PermissionCache,
): CommandPorts {
  return {
    comments: octokitCommentPublisher(octokit),
    permissions: permissionCache.wrap(octokitPermissionReader(octokit)),
    pulls: octokitPullRequestReader(octokit),
    config: octokitConfigReader(octokit),
  };
}

/** `REVIEWLOOP_DRY_RUN`: reactions and replies are logged as "Would …", reads still happen. */
export function withCommandDryRun(ports: CommandPorts, log: Logger): CommandPorts {
  return {
    ...ports,
    comments: {
      async react(target, content) {
        log.info({ target, content }, "Would react to comment");
      },
      async reply(target, body) {
        log.info({ target, body }, "Would reply to comment");
        return { id: 0, url: "" };
      },
      // Nothing was posted, so there is nothing to find.
      async findReply() {
        return null;
      },
    },
  };
}
