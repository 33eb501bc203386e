import { z } from "zod";
import type { RunCommandsPayload } from "../command-job/run-commands-payload.ts";
import { containsCommand, DEFAULT_MAX_CHARS } from "../commands/parse-commands.ts";
import { carriesDispositions } from "../commands/parse-dispositions.ts";

const actorSchema = z.object({ login: z.string(), type: z.string() });
const commentSchema = z.object({
  id: z.number().int(),
  body: z.string().nullish(),
  created_at: z.string().nullish(),
});
const envelopeSchema = {
  action: z.string(),
  installation: z.object({ id: z.number().int() }),
  repository: z.object({ id: z.number().int(), full_name: z.string() }),
  sender: actorSchema,
};

const issueCommentSchema = z.object({
  ...envelopeSchema,
  issue: z.object({ number: z.number().int(), pull_request: z.unknown().optional() }),
  comment: commentSchema,
});

const reviewCommentSchema = z.object({
  ...envelopeSchema,
  pull_request: z.object({ number: z.number().int() }),
  comment: commentSchema.extend({ in_reply_to_id: z.number().int().nullish() }),
});

export type ParsedComment =
  | { ok: true; payload: RunCommandsPayload }
  | { ok: false; reason: string };

/** True when `login` is the app's own bot account (`<slug>[bot]`). */
export function isAppLogin(login: string, appSlug: string): boolean {
  return login.toLowerCase() === `${appSlug.toLowerCase()}[bot]`;
}

/** Room for the parser to see that a comment was longer than it reads. */
const KEPT_CHARS = DEFAULT_MAX_CHARS + 1;
/** GitHub's own bound on a comment: a dispositions table is kept whole. */
const KEPT_DISPOSITION_CHARS = 65_536;

/** How much of the body the job keeps, or why the comment is not for the job. */
function checkComment(
  sender: { login: string; type: string },
  body: string,
  appSlug: string,
  threadReply: boolean,
): { keep: number } | { skip: string } {
  // The app never obeys itself: its replies quote commands, and a loop would be endless.
  if (isAppLogin(sender.login, appSlug)) return { skip: "the comment is the app's own" };
  const kept = body.slice(0, KEPT_DISPOSITION_CHARS);
  if (carriesDispositions(kept, { threadReply })) return { keep: KEPT_DISPOSITION_CHARS };
  if (containsCommand(body.slice(0, KEPT_CHARS), appSlug)) return { keep: KEPT_CHARS };
  return { skip: "the comment has no command and files no disposition" };
}

/** The job payload of a comment that passed the checks; its body is kept only up to the bound. */
function toPayload(
  deliveryId: string,
  appSlug: string,
  event: {
    installation: { id: number };
    repository: { id: number; full_name: string };
    sender: { login: string; type: string };
  },
  prNumber: number,
  comment: {
    kind: RunCommandsPayload["comment"]["kind"];
    id: number;
    body: string;
    inReplyToId: number | null;
    createdAt: string | null;
  },
): ParsedComment {
  const check = checkComment(event.sender, comment.body, appSlug, comment.inReplyToId !== null);
  if ("skip" in check) return { ok: false, reason: check.skip };
  return {
    ok: true,
    payload: {
      installationId: event.installation.id,
      repoId: event.repository.id,
      repoFullName: event.repository.full_name,
      prNumber,
      comment: { ...comment, body: comment.body.slice(0, check.keep) },
      actor: { login: event.sender.login, type: event.sender.type },
      appSlug,
      deliveryId,
    },
  };
}

/**
 * An `issue_comment` (created or edited) on a pull request → the payload of a RunCommands job,
 * or why there is nothing to run: a plain issue, the app's own comment, neither a command line
 * nor dispositions (a block or a table).
 * Whether a bot may command is decided in the job (it needs the repository config).
 */
export function parseIssueCommentEvent(
  deliveryId: string,
  payload: unknown,
  appSlug: string,
): ParsedComment {
  const parsed = issueCommentSchema.safeParse(payload);
  if (!parsed.success) {
    return { ok: false, reason: `payload lacks ${parsed.error.issues[0]?.path.join(".")}` };
  }
  const { action, issue, comment } = parsed.data;
  if (action !== "created" && action !== "edited") {
    return { ok: false, reason: `action ${action} is not handled` };
  }
  if (issue.pull_request == null) return { ok: false, reason: "the issue is not a pull request" };
  return toPayload(deliveryId, appSlug, parsed.data, issue.number, {
    kind: "issue_comment",
    id: comment.id,
    body: comment.body ?? "",
    inReplyToId: null,
    createdAt: comment.created_at ?? null,
  });
}

/**
 * A `pull_request_review_comment.created` (a line comment or a reply in a thread) → a job
 * payload when it has a command line, dispositions, or is a reply that starts with a
 * disposition word (the job checks that its thread is a finding's).
 */
export function parseReviewCommentEvent(
  deliveryId: string,
  payload: unknown,
  appSlug: string,
): ParsedComment {
  const parsed = reviewCommentSchema.safeParse(payload);
  if (!parsed.success) {
    return { ok: false, reason: `payload lacks ${parsed.error.issues[0]?.path.join(".")}` };
  }
  const { action, pull_request: pr, comment } = parsed.data;
  if (action !== "created") return { ok: false, reason: `action ${action} is not handled` };
  return toPayload(deliveryId, appSlug, parsed.data, pr.number, {
    kind: "review_comment",
    id: comment.id,
    body: comment.body ?? "",
    inReplyToId: comment.in_reply_to_id ?? null,
    createdAt: comment.created_at ?? null,
  });
}
