import { z } from "zod";
import type { RunReviewPayload } from "../loop/effect-jobs.ts";

const payloadSchema = z.object({
  installationId: z.number().int(),
  repoId: z.number().int(),
  repoFullName: z.string().regex(/^[^/]+\/[^/]+$/),
  prNumber: z.number().int().positive(),
  headSha: z.string().min(7),
  baseSha: z.string(),
  trigger: z.string(),
  requestId: z.string().optional(),
  mode: z.literal("full").optional(),
  seq: z.number().int().optional(),
});

/** Validates a RunReview job's payload (jsonb written by the spine); null when it is malformed. */
export function parseReviewPayload(payload: unknown): RunReviewPayload | null {
  const parsed = payloadSchema.safeParse(payload);
  return parsed.success ? parsed.data : null;
}
