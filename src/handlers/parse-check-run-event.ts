import { z } from "zod";
import { CHECK_RUN_NAME, isOwnExternalId, parseExternalId } from "../github/check-run-identity.ts";
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
 * The pull request a check run reviewed: from `check_run.pull_requests` when GitHub lists it,
 * else (a head in a fork: GitHub lists only same-repository pull requests) from our own
 * `external_id`, which names repository, pull request and head. The base sha is then unknown;
 * the pass reads the base from GitHub anyway.
 */
function findPullRequest(
  run: z.infer<typeof checkRunPayloadSchema>["check_run"],
  repoId: number,
): { number: number; baseSha: string } | null {
  const listed = run.pull_requests.find((candidate) => candidate.head.sha === run.head_sha);
  if (listed !== undefined) return { number: listed.number, baseSha: listed.base.sha };
  const identity = parseExternalId(run.external_id);
  if (identity === null || identity.repoId !== repoId || identity.headSha !== run.head_sha) {
    return null;
  }
  return { number: identity.prNumber, baseSha: "" };
}

/**
 * Turns `check_run.rerequested` ("Re-run" clicked on our `reviewloop` check run) into a
 * `ReviewRequested` event for the pull request whose head it ran on — a fork's pull request too,
 * found by the check run's `external_id`. Check runs of other apps or names, and runs whose pull
 * request cannot be told (a malformed or foreign `external_id`), are not ours to re-run.
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
  const pr = findPullRequest(run, repository.id);
  if (pr === null) return { ok: false, reason: "the check run is on no pull request head" };
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
      baseSha: pr.baseSha,
      reason: "rerequested",
      requestId: deliveryId,
      actor: sender,
    },
  };
  return { ok: true, envelope };
}
