import { z } from "zod";
import { PermanentJobError } from "../jobs/permanent-job-error.ts";

const payloadSchema = z.object({
  jobId: z.number().int().positive(),
  generation: z.number().int().min(0),
});

/** Which death a `ReportFailure` job reports: a job id and the generation that died. */
export type ReportFailurePayload = z.output<typeof payloadSchema>;

/** Parses a `ReportFailure` payload; a malformed one is permanent (retrying cannot fix it). */
export function parseReportFailurePayload(payload: unknown): ReportFailurePayload {
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success) {
    throw new PermanentJobError(`invalid ReportFailure payload: ${parsed.error.message}`);
  }
  return parsed.data;
}
