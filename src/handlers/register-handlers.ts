import type { Probot } from "probot";
import { applyEvent } from "../spine/apply-event.ts";
import type { Db } from "../store/db.ts";
import { purgeInstallation, purgeRepository } from "../store/purge-repository.ts";
import { parsePullRequestEvent } from "./parse-pull-request-event.ts";

export interface HandlerDeps {
  db: Db;
  /** Called after jobs were enqueued, so the worker starts them without waiting for its poll. */
  onEnqueued(): void;
  /** Called for every delivery received (metrics). */
  onDelivery?(eventName: string): void;
}

/**
 * Maps webhooks to loop events. Handlers only record and enqueue — GitHub gives a delivery 10 s
 * and Probot's middleware awaits handlers — so every slow step runs later in the worker.
 */
export function registerHandlers(app: Probot, deps: HandlerDeps): void {
  const { db } = deps;

  app.onAny(async (context) => {
    deps.onDelivery?.(context.name);
  });

  app.on(
    [
      "pull_request.opened",
      "pull_request.synchronize",
      "pull_request.reopened",
      "pull_request.closed",
    ],
    async (context) => {
      const parsed = parsePullRequestEvent(context.id, context.payload);
      if (!parsed.ok) {
        context.log.debug({ reason: parsed.reason }, "Ignoring pull_request delivery");
        return;
      }
      const outcome = await applyEvent(db, parsed.envelope);
      const { repoFullName: repo, prNumber: pr, event } = parsed.envelope;
      if (!outcome.applied) {
        context.log.info({ repo, pr }, "Ignoring redelivered webhook");
        return;
      }
      context.log.info(
        { repo, pr, event: event.type, status: outcome.state.status, enqueued: outcome.enqueued },
        "Applied loop event",
      );
      if (outcome.enqueued > 0) deps.onEnqueued();
    },
  );

  app.on("installation.deleted", async (context) => {
    const counts = await purgeInstallation(db, context.payload.installation.id);
    context.log.info(
      { installationId: context.payload.installation.id, counts },
      "Purged installation",
    );
  });

  app.on("installation_repositories.removed", async (context) => {
    const installationId = context.payload.installation.id;
    for (const repo of context.payload.repositories_removed) {
      const counts = await purgeRepository(db, installationId, repo.id);
      context.log.info({ installationId, repoId: repo.id, counts }, "Purged repository");
    }
  });
}
