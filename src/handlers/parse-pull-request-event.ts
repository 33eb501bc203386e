import { z } from "zod";
import type { EventEnvelope } from "../spine/apply-event.ts";
import { isAppLogin } from "./parse-comment-event.ts";

const actorSchema = z.object({ login: z.string(), type: z.string() });

/** The fields of a `pull_request` webhook the loop depends on; everything else is ignored. */
const pullRequestPayloadSchema = z.object({
  action: z.string(),
  installation: z.object({ id: z.number().int() }),
  repository: z.object({ id: z.number().int(), full_name: z.string() }),
  sender: actorSchema,
  /** `synchronize` only: the head before and after the push. */
  before: z.string().optional(),
  after: z.string().optional(),
  pull_request: z.object({
    number: z.number().int(),
    updated_at: z.string().optional(),
    draft: z.boolean().optional(),
    merged: z.boolean().nullish(),
    head: z.object({ sha: z.string() }),
    base: z.object({ sha: z.string(), ref: z.string() }),
  }),
});

export type ParsedEvent = { ok: true; envelope: EventEnvelope } | { ok: false; reason: string };

/**
 * Turns a `pull_request` delivery into a loop event, or says why it is not one (no
 * installation, an action the loop ignores, a payload missing fields it needs).
 */
export function parsePullRequestEvent(
  deliveryId: string,
  payload: unknown,
  appSlug?: string,
): ParsedEvent {
  const parsed = pullRequestPayloadSchema.safeParse(payload);
  if (!parsed.success) {
    return {
      ok: false,
      reason: `payload lacks ${parsed.error.issues[0]?.path.join(".") || "fields"}`,
    };
  }
  const { action, installation, repository, sender, pull_request: pr, before, after } = parsed.data;
  // `before` says which head this push replaced; trusted only when `after` names this very head.
  const pushed = action === "synchronize" && before !== undefined && after === pr.head.sha;
  const updatedAt = pr.updated_at === undefined ? {} : { updatedAt: pr.updated_at };
  const base = {
    deliveryId,
    eventName: "pull_request",
    installationId: installation.id,
    repoId: repository.id,
    repoFullName: repository.full_name,
    prNumber: pr.number,
  };
  switch (action) {
    case "opened":
    case "synchronize":
    case "reopened":
    case "ready_for_review":
      return {
        ok: true,
        envelope: {
          ...base,
          event: {
            type: "HeadUpdated",
            action,
            headSha: pr.head.sha,
            baseSha: pr.base.sha,
            baseRef: pr.base.ref,
            draft: pr.draft ?? false,
            actor: sender,
            ...updatedAt,
            ...(pushed ? { before } : {}),
            ...(appSlug !== undefined && isAppLogin(sender.login, appSlug) ? { byApp: true } : {}),
          },
        },
      };
    case "closed":
      return {
        ok: true,
        envelope: {
          ...base,
          event: {
            type: "PullRequestClosed",
            merged: pr.merged === true,
            actor: sender,
            ...updatedAt,
          },
        },
      };
    default:
      return { ok: false, reason: `action ${action} is not handled` };
  }
}
