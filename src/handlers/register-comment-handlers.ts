import type { Probot } from "probot";
import { runCommandsJob } from "../command-job/run-commands-payload.ts";
import { enqueueJob } from "../jobs/enqueue-job.ts";
import type { Db } from "../store/db.ts";
import {
  type ParsedComment,
  parseIssueCommentEvent,
  parseReviewCommentEvent,
} from "./parse-comment-event.ts";
import { createSlugSource, type SlugSource } from "./slug-source.ts";

/** What the comment handlers need. */
export interface CommentHandlerDeps {
  db: Db;
  onEnqueued(): void;
  /** The app's slug when known up front (tests); otherwise `GET /app` once per process. */
  appSlug?: string;
}

/**
 * Comment commands: a comment with a command line on a pull request (conversation or review
 * thread) becomes one `RunCommands` job keyed by the comment, so an edit or a redelivery never
 * runs it again. Nothing else happens here: permissions, config and replies are the job's.
 */
export function registerCommentHandlers(
  app: Probot,
  deps: CommentHandlerDeps,
  slug: SlugSource = createSlugSource(app, deps.appSlug),
): void {
  async function enqueue(context: { log: Probot["log"]; name: string }, parsed: ParsedComment) {
    if (!parsed.ok) {
      context.log.debug({ reason: parsed.reason }, `Ignoring ${context.name} delivery`);
      return;
    }
    const { repoFullName: repo, prNumber: pr, comment } = parsed.payload;
    const job = await enqueueJob(deps.db, runCommandsJob(parsed.payload));
    if (job === null) {
      context.log.info({ repo, pr, commentId: comment.id }, "Commands of this comment already ran");
      return;
    }
    context.log.info({ repo, pr, commentId: comment.id, jobId: job.id }, "Queued comment commands");
    deps.onEnqueued();
  }

  app.on(["issue_comment.created", "issue_comment.edited"], async (context) =>
    enqueue(context, parseIssueCommentEvent(context.id, context.payload, await slug(context.log))),
  );

  app.on("pull_request_review_comment.created", async (context) =>
    enqueue(context, parseReviewCommentEvent(context.id, context.payload, await slug(context.log))),
  );
}
