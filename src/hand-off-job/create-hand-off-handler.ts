import { z } from "zod";
import { toRepoRef } from "../github/refs.ts";
import { sendOnce } from "../github/send-once.ts";
import type { JobHandler } from "../jobs/job-types.ts";
import { PermanentJobError } from "../jobs/permanent-job-error.ts";
import { pullRequestRefShape } from "../jobs-handlers/pull-request-ref-schema.ts";
import { type RemediationDeps, remediationGitHub } from "../jobs-handlers/remediation-github.ts";
import { updateRemediationSection } from "../jobs-handlers/update-remediation-section.ts";
import { roundLimit } from "../loop/rounds.ts";
import { NEEDS_HUMAN_LABEL } from "../remediation/render-hand-off.ts";
import { renderRemediationSection } from "../remediation/render-remediation-status.ts";
import type { Db } from "../store/db.ts";
import { readLastFailedAttempt } from "../store/dispatch-repository.ts";
import { readLoop } from "../store/loop-repository.ts";
import { ensureNeedsHumanLabel } from "./needs-human-label.ts";
import { renderHandOffComment } from "./render-hand-off-comment.ts";

const handOffSchema = z.object({
  ...pullRequestRefShape,
  handOff: z.object({
    kind: z.enum(["max_rounds", "no_progress", "dispatch_failing"]),
    reason: z.string(),
    round: z.number().int(),
    attempt: z.number().int().default(0),
    seq: z.number().int(),
  }),
});

export interface HandOffDeps extends RemediationDeps {
  db: Db;
}

/** The hidden marker of one hand-off: the comment is looked for by it before it is posted. */
export function handOffMarker(repoFullName: string, prNumber: number, seq: number): string {
  return `<!-- reviewloop:handoff ${repoFullName}#${prNumber} seq:${seq} -->`;
}

/**
 * The `HandOff` job, once per hand-off whatever fails: the one comment (looked for by its marker
 * before it is posted, on every attempt), the `reviewloop:needs-human` label (created if the
 * repository lacks it; adding is idempotent), and the check run's remediation section.
 */
export function createHandOffHandler(deps: HandOffDeps): JobHandler {
  return async (job, ctx) => {
    const parsed = handOffSchema.safeParse(job.payload);
    if (!parsed.success) throw new PermanentJobError("malformed HandOff payload");
    const { handOff, ...pr } = parsed.data;
    const log = ctx.log.child({ repo: pr.repoFullName, pr: pr.prNumber, handOff: handOff.kind });
    const loop = await readLoop(deps.db, pr.repoId, pr.prNumber);
    const state = loop?.state;
    if (state === undefined) return;
    const settings = state.settings ?? null;
    const diagnostics = (await readLastFailedAttempt(deps.db, pr))?.diagnostics ?? null;
    const marker = handOffMarker(pr.repoFullName, pr.prNumber, handOff.seq);
    const body = await renderHandOffComment(deps.db, pr, {
      handOff,
      roundsUsed: state.round,
      roundLimit: settings === null ? state.round : roundLimit(state, settings),
      diagnostics,
      resumeRounds: settings?.resumeRounds ?? 2,
      marker,
      blocking: state.blocking ?? [],
    });
    if (deps.dryRun) {
      log.info({ body }, "Would post the hand-off comment and add the label (dry run)");
      return;
    }
    const gh = await remediationGitHub(deps, pr.installationId, ctx.signal);
    const repo = toRepoRef(pr.repoFullName);
    const target = {
      ...repo,
      pullNumber: pr.prNumber,
      kind: "issue_comment" as const,
      commentId: 0,
    };
    // Every attempt looks first: a crash after posting must not post it again.
    const since = new Date(job.createdAt.getTime() - 60_000).toISOString();
    const posted =
      (await gh.comments.findReply(target, marker, since)) ??
      (await sendOnce({
        what: "hand-off comment",
        send: () => gh.comments.reply(target, body),
        find: () => gh.comments.findReply(target, marker, since),
        log,
        signal: ctx.signal,
        ...(deps.unknownOutcomePauseMs === undefined
          ? {}
          : { pauseMs: deps.unknownOutcomePauseMs }),
      }));
    await ensureNeedsHumanLabel(gh.labels, repo);
    await gh.labels.addLabel(repo, pr.prNumber, NEEDS_HUMAN_LABEL);
    if (state.headSha !== null) {
      await updateRemediationSection(
        { db: deps.db, checks: gh.ports.checks, checkRuns: gh.checkRuns, log },
        repo,
        pr,
        state.headSha,
        renderRemediationSection(state, settings, diagnostics),
      );
    }
    log.info({ commentId: posted.id }, "Handed off to a human");
  };
}
