import type { Probot } from "probot";
import { applyEvent } from "../spine/apply-event.ts";
import type { Db } from "../store/db.ts";
import { purgeInstallation, purgeRepository } from "../store/purge-repository.ts";
import { parseCheckRunEvent } from "./parse-check-run-event.ts";
import { parseFixerAnswerEvent } from "./parse-fixer-answer-event.ts";
import { type ParsedEvent, parsePullRequestEvent } from "./parse-pull-request-event.ts";
import { registerCheckCompletedHandler } from "./register-check-completed-handler.ts";
import { registerCommentHandlers } from "./register-comment-handlers.ts";
import { registerWorkflowRunHandler } from "./register-workflow-run-handler.ts";
import { createSlugSource } from "./slug-source.ts";

export interface HandlerDeps {
  db: Db;
  /** Called after jobs were enqueued, so the worker starts them without waiting for its poll. */
  onEnqueued(): void;
  /** Called for every delivery received (metrics). */
  onDelivery?(eventName: string): void;
  /** The app's slug, when known up front (tests); otherwise read once with `GET /app`. */
  appSlug?: string;
}

/**
 * Maps webhooks to loop events. Handlers only record and enqueue — GitHub gives a delivery 10 s
 * and Probot's middleware awaits handlers — so every slow step runs later in the worker.
 */
export function registerHandlers(app: Probot, deps: HandlerDeps): void {
  const { db } = deps;

  /** Applies a parsed delivery through the spine; logs and wakes the worker. */
  async function apply(
    context: { log: Probot["log"]; name: string },
    parsed: ParsedEvent,
  ): Promise<void> {
    if (!parsed.ok) {
      context.log.debug({ reason: parsed.reason }, `Ignoring ${context.name} delivery`);
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
  }

  app.onAny(async (context) => {
    deps.onDelivery?.(context.name);
  });

  const slug = createSlugSource(app, deps.appSlug);

  // A push by the app itself continues a remediation round like the fixer's: the slug tells.
  // Its pushes come from a bot account, so a bot's push waits for the slug when it is not known
  // yet (one `GET /app` per process): the app's first push after a start is not a person's. A
  // person's push never waits (the read starts in the background). If the read fails, the push
  // is taken for a stranger's, as the loop cannot tell.
  app.on("pull_request.synchronize", async (context) => {
    if (context.payload.sender?.type === "Bot") await slug(context.log);
    await apply(
      context,
      parsePullRequestEvent(context.id, context.payload, slug.peek(context.log)),
    );
  });
  app.on(
    [
      "pull_request.opened",
      "pull_request.reopened",
      "pull_request.ready_for_review",
      "pull_request.closed",
    ],
    (context) => apply(context, parsePullRequestEvent(context.id, context.payload)),
  );

  // "Re-run" on our check run. Draft, branch, author and label filters need the repository
  // config, so they run in the RunReview job, never here (handlers only record and enqueue).
  app.on("check_run.rerequested", (context) =>
    apply(context, parseCheckRunEvent(context.id, context.payload)),
  );

  // CI of a head completed: observe its checks (CI failures as rounds), wake waiting passes.
  registerCheckCompletedHandler(app, deps, slug);

  // `/reviewloop …` comments: one RunCommands job per comment (src/command-job/).
  registerCommentHandlers(app, deps, slug);

  // The fixer's workflow runs, matched to their dispatch (remediation rounds).
  registerWorkflowRunHandler(app, deps);

  // The fixer's dispositions comment: a round the loop cannot follow by its run ends there.
  app.on("issue_comment.created", async (context) => {
    const envelope = parseFixerAnswerEvent(context.id, context.payload);
    if (envelope !== null) await apply(context, { ok: true, envelope });
  });

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
