import { z } from "zod";
import type { DispatchPayloadJob } from "../loop/remediation-jobs.ts";

const prSchema = {
  installationId: z.number().int(),
  repoId: z.number().int(),
  repoFullName: z.string().min(3),
  prNumber: z.number().int().positive(),
};

const dispatchJobSchema = z.object({
  ...prSchema,
  dispatchId: z.string().min(1),
  publicId: z.string().min(1),
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

export { prSchema };
