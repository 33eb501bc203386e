import { z } from "zod";
import { CHECK_RUN_NAME, isOwnExternalId } from "../github/check-run-identity.ts";
import type { EventEnvelope } from "../spine/apply-event.ts";
import type { ParsedEvent } from "./parse-pull-request-event.ts";

const checkRunPayloadSchema = z.object({
  action: z.string(),
  installation: z.object({ id: z.number().int() }),
  repository: z.object({ id: z.number().int(), full_name: z.string() }),
  sender: z.object({ login: z.string(), type: z.string() }),
  check_run: z.object({
    name: z.string(),
    head_sha: z.string(),
    external_id: z.string().nullish(),
    pull_requests: z.array(
      z.object({
        number: z.number().int(),
        base: z.object({ sha: z.string() }),
        head: z.object({ sha: z.string() }),
      }),
    ),
  }),
});

/**
 * Turns `check_run.rerequested` ("Re-run" clicked on our `reviewloop` check run) into a
 * `ReviewRequested` event for the pull request whose head it ran on. Check runs of other apps or
 * names, and runs not attached to a pull request of this repository (forks), are not ours to re-run.
 */
export function parseCheckRunEvent(deliveryId: string, payload: unknown): ParsedEvent {
  const parsed = checkRunPayloadSchema.safeParse(payload);
  if (!parsed.success) {
    return {
      ok: false,
      reason: `payload lacks ${parsed.error.issues[0]?.path.join(".") || "fields"}`,
    };
  }
  const { action, installation, repository, sender, check_run: run } = parsed.data;
  if (action !== "rerequested") return { ok: false, reason: `action ${action} is not handled` };
  if (run.name !== CHECK_RUN_NAME || !isOwnExternalId(run.external_id)) {
    return { ok: false, reason: "not a reviewloop check run" };
  }
  const pr = run.pull_requests.find((candidate) => candidate.head.sha === run.head_sha);
  if (pr === undefined) return { ok: false, reason: "the check run is on no pull request head" };
  const envelope: EventEnvelope = {
    deliveryId,
    eventName: "check_run",
    installationId: installation.id,
    repoId: repository.id,
    repoFullName: repository.full_name,
    prNumber: pr.number,
    event: {
      type: "ReviewRequested",
      headSha: run.head_sha,
      baseSha: pr.base.sha,
      reason: "rerequested",
      requestId: deliveryId,
      actor: sender,
    },
  };
  return { ok: true, envelope };
}
