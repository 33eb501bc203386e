import { z } from "zod";
import { attemptIdsShape, pullRequestRefShape } from "../jobs-handlers/pull-request-ref-schema.ts";
import type { DispatchPayloadJob } from "../loop/remediation-jobs.ts";

const dispatchJobSchema = z.object({
  ...pullRequestRefShape,
  ...attemptIdsShape,
  seq: z.number().int(),
  round: z.number().int().positive(),
  attempt: z.number().int().positive(),
  headSha: z.string().min(1),
});

/** A Dispatch job's payload, or null when it is malformed (the job dies with that reason). */
export function parseDispatchJob(payload: unknown): DispatchPayloadJob | null {
  const parsed = dispatchJobSchema.safeParse(payload);
  return parsed.success ? parsed.data : null;
}
