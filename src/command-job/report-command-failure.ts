import type { PermissionCache } from "../github/permission-reader.ts";
import { createPermissionCache } from "../github/permission-reader.ts";
import type { JobFailureReporter } from "../jobs/job-types.ts";
import {
  type CommentKey,
  claimCommandRun,
  finishCommandRun,
  readCommandRun,
  recordCommandReaction,
} from "../store/command-repository.ts";
import type { Db } from "../store/db.ts";
import { type CommandRunContext, describeFailure } from "./command-run-context.ts";
import { parseCommentCommands } from "./parse-comment-commands.ts";
import { postCommandReply, replyTarget } from "./post-command-reply.ts";
import { replyMarker } from "./render-command-reply.ts";
import { renderFailureReply } from "./render-failure-reply.ts";
import { type CommandPortsSource, resolveCommandPorts } from "./resolve-command-ports.ts";
import { runCommandsPayloadSchema } from "./run-commands-payload.ts";

/** What the failure reporter of `RunCommands` jobs needs from the process. */
export interface CommandFailureReporterDeps extends CommandPortsSource {
  db: Db;
  now?: () => Date;
  permissionCache?: PermissionCache;
  /** Pause before looking for a reply whose POST had no answer, in ms (tests: 0). */
  pauseMs?: number;
}

/**
 * Reports a `RunCommands` job that died (its last attempt failed, or its lease expired on it):
 * the comment gets its one reply — unless the job had posted it already, found by its marker —
 * saying that the job failed and why (the last error's first line, no stack), which commands
 * ran and which did not; then 😕 (or the reaction the job had recorded), and the run is marked
 * `failed`. Idempotent: every step looks at what is recorded or posted before acting. A bot's
 * comment is answered only when the job had found the bot allowed (it had recorded an outcome).
 */
export function createCommandFailureReporter(deps: CommandFailureReporterDeps): JobFailureReporter {
  const permissionCache = deps.permissionCache ?? createPermissionCache();
  return async ({ job, diagnostics }, ctx) => {
    const parsed = runCommandsPayloadSchema.safeParse(job.payload);
    if (!parsed.success) {
      ctx.log.warn(
        { jobId: job.id },
        "A dead RunCommands job has an invalid payload: not reported",
      );
      return;
    }
    const payload = parsed.data;
    const key: CommentKey = { kind: payload.comment.kind, id: payload.comment.id };
    const log = ctx.log.child({
      repo: payload.repoFullName,
      pr: payload.prNumber,
      commentId: key.id,
    });
    const { db } = deps;
    let run = await readCommandRun(db, key);
    if (run !== null && (run.status !== "running" || run.jobId !== job.id)) {
      log.info({ status: run.status }, "The comment's run is settled: nothing to report");
      return;
    }
    const claim = await db.transaction(async (tx) => {
      await ctx.assertLease(tx);
      return claimCommandRun(tx, {
        ...key,
        installationId: payload.installationId,
        repoId: payload.repoId,
        prNumber: payload.prNumber,
        actor: payload.actor.login,
        jobId: job.id,
      });
    });
    if (!claim.claimed) return;
    run = claim;
    const silent = payload.actor.type === "Bot" && run.results.length === 0;
    if (!silent) {
      const ports = await resolveCommandPorts(
        deps,
        payload.installationId,
        permissionCache,
        log,
        ctx.signal,
      );
      const context: CommandRunContext = {
        db,
        ports,
        now: deps.now ?? (() => new Date()),
        log,
        signal: ctx.signal,
        assertLease: ctx.assertLease,
        ...(deps.pauseMs === undefined ? {} : { pauseMs: deps.pauseMs }),
      };
      if (run.replyCommentId === null) {
        const body = renderFailureReply({
          appSlug: payload.appSlug,
          marker: replyMarker(key.kind, key.id),
          parsed: await parseCommentCommands(db, payload),
          recorded: run.results,
          attempts: job.attempts,
          reason: describeFailure(diagnostics?.message ?? "the job stopped without an error"),
        });
        await postCommandReply(context, payload, body);
      }
      ctx.signal.throwIfAborted();
      const reaction = await db.transaction(async (tx) => {
        await ctx.assertLease(tx);
        return recordCommandReaction(tx, key, "confused");
      });
      await ports.comments.react(replyTarget(payload), reaction);
    }
    await db.transaction(async (tx) => {
      await ctx.assertLease(tx);
      await finishCommandRun(tx, key, "failed");
    });
    log.info({ silent }, "Reported a failed comment");
  };
}
