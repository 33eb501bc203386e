import { z } from "zod";
import { DISPOSITIONS_FENCE } from "../remediation/describe-dispositions.ts";
import type { EventEnvelope } from "../spine/apply-event.ts";

const answerCommentSchema = z.object({
  action: z.literal("created"),
  installation: z.object({ id: z.number().int() }),
  repository: z.object({ id: z.number().int(), full_name: z.string() }),
  sender: z.object({ login: z.string(), type: z.string() }),
  issue: z.object({ number: z.number().int(), pull_request: z.unknown() }),
  comment: z.object({ id: z.number().int(), body: z.string().nullish() }),
});

/** A fenced ```reviewloop-dispositions block at the start of a line. */
const FENCE = new RegExp(`^ {0,3}(\`{3,}|~{3,})\\s*${DISPOSITIONS_FENCE}\\b`, "m");

/**
 * A pull request comment carrying a dispositions block (the fixer's answer, as the payload asks
 * for it), as a loop event; null for any other comment. Who wrote it is the loop's question: only
 * a login in `fixer.logins` ends the wait of a round in flight.
 */
export function parseFixerAnswerEvent(deliveryId: string, payload: unknown): EventEnvelope | null {
  const parsed = answerCommentSchema.safeParse(payload);
  if (!parsed.success || parsed.data.issue.pull_request == null) return null;
  const { installation, repository, sender, issue, comment } = parsed.data;
  if (!FENCE.test(comment.body ?? "")) return null;
  return {
    deliveryId,
    eventName: "issue_comment",
    installationId: installation.id,
    repoId: repository.id,
    repoFullName: repository.full_name,
    prNumber: issue.number,
    event: { type: "FixerAnswered", actor: sender, commentId: comment.id },
  };
}
