import type { RepoConfig } from "../config/schema.ts";
import type { PullRequestInfo } from "../github/pull-request-reader.ts";
import { FORK_REASON } from "../loop/rounds.ts";
import type { DispatchTarget } from "../remediation/dispatcher.ts";

/** The target to send to, or why no fixer can be dispatched for this pull request. */
export type ResolvedTarget = { ok: true; target: DispatchTarget } | { ok: false; reason: string };

/**
 * The repository file chooses the kind of target; the webhook's URL and secret come only from
 * the operator's environment. A workflow runs on the pull request's head branch, so a fork (whose
 * branch a workflow of this repository cannot push to) gets no workflow or repository dispatch.
 */
export function resolveTarget(
  config: RepoConfig,
  pr: PullRequestInfo,
  webhook: { url: string; secret: string } | undefined,
): ResolvedTarget {
  const target = config.remediation.target;
  switch (target.type) {
    case "workflow_dispatch":
      if (pr.fromFork) return { ok: false, reason: FORK_REASON };
      return {
        ok: true,
        target: { type: "workflow_dispatch", workflow: target.workflow, ref: pr.headRef },
      };
    case "repository_dispatch":
      if (pr.fromFork) return { ok: false, reason: FORK_REASON };
      return { ok: true, target: { type: "repository_dispatch", eventType: target.event_type } };
    case "webhook":
      if (webhook === undefined) {
        return {
          ok: false,
          reason:
            "`remediation.target.type` is `webhook`, but the app's operator has not set `REVIEWLOOP_FIXER_WEBHOOK_URL` (a URL never lives in the repository)",
        };
      }
      return { ok: true, target: { type: "webhook", url: webhook.url, secret: webhook.secret } };
  }
}
