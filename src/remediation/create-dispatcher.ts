import type { Dispatcher } from "./dispatcher.ts";
import type { GitHubRequester } from "./github-requester.ts";
import { repositoryDispatcher } from "./repository-dispatcher.ts";
import { type WebhookDispatcherOptions, webhookDispatcher } from "./webhook-dispatcher.ts";
import { workflowDispatcher } from "./workflow-dispatcher.ts";

/**
 * One Dispatcher for every target: each request goes to the adapter of its `target.type`. The
 * GitHub targets use `github` (the job's guarded installation client); the webhook uses fetch.
 */
export function createDispatcher(deps: {
  github: GitHubRequester;
  webhook?: WebhookDispatcherOptions;
}): Dispatcher {
  const adapters: Record<"workflow_dispatch" | "repository_dispatch" | "webhook", Dispatcher> = {
    workflow_dispatch: workflowDispatcher(deps.github),
    repository_dispatch: repositoryDispatcher(deps.github),
    webhook: webhookDispatcher(deps.webhook),
  };
  return {
    send: (request) => adapters[request.target.type].send(request),
    findRun: (request) => adapters[request.target.type].findRun(request),
  };
}
