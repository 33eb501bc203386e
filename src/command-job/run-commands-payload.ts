import { z } from "zod";
import type { NewJob } from "../jobs/enqueue-job.ts";
import type { PullRequestRef } from "../loop/effect-jobs.ts";

/** The comment a `RunCommands` job answers, as the webhook delivered it. */
export interface CommandComment {
  kind: "issue_comment" | "review_comment";
  id: number;
  /** The body, cut just past the parser's bound (the parser reports what it did not read). */
  body: string;
  /** For a review comment: the comment it replies to (its thread's first comment), else null. */
  inReplyToId: number | null;
  /**
   * When GitHub created the comment (its clock): our reply is looked for among comments updated
   * since then. Absent in jobs queued by earlier versions (then every comment is read).
   */
  createdAt?: string | null;
}

/** The payload of a `RunCommands` job. */
export interface RunCommandsPayload extends PullRequestRef {
  comment: CommandComment;
  actor: { login: string; type: string };
  /** The app's slug when the delivery arrived: `@<slug> …` lines are commands too. */
  appSlug: string;
  /** The delivery that carried the comment (logs). */
  deliveryId: string;
}

/** Validates a job's payload: a job written by another version must not run half-understood. */
export const runCommandsPayloadSchema = z.object({
  installationId: z.number().int(),
  repoId: z.number().int(),
  repoFullName: z.string().includes("/"),
  prNumber: z.number().int(),
  comment: z.object({
    kind: z.enum(["issue_comment", "review_comment"]),
    id: z.number().int(),
    body: z.string(),
    inReplyToId: z.number().int().nullable(),
    createdAt: z.string().nullish(),
  }),
  actor: z.object({ login: z.string(), type: z.string() }),
  appSlug: z.string().min(1),
  deliveryId: z.string(),
});

/**
 * One job per comment, ever: the dedupe key names the comment, so an edit or a redelivery of it
 * enqueues nothing.
 */
export function commandsDedupeKey(payload: RunCommandsPayload): string {
  const { repoId, prNumber, comment } = payload;
  return `commands:${repoId}#${prNumber}:${comment.kind === "issue_comment" ? "" : "review-"}${comment.id}`;
}

/**
 * Commands of one pull request run one comment at a time, in their own group: a long review
 * pass must not hold up `status` or `pause`.
 */
export function commandsGroupKey(pr: Pick<PullRequestRef, "repoId" | "prNumber">): string {
  return `commands:${pr.repoId}#${pr.prNumber}`;
}

/** The job that runs a comment's commands. */
export function runCommandsJob(payload: RunCommandsPayload): NewJob {
  return {
    kind: "RunCommands",
    installationId: payload.installationId,
    repoId: payload.repoId,
    payload,
    dedupeKey: commandsDedupeKey(payload),
    groupKey: commandsGroupKey(payload),
  };
}
