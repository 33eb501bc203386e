import { z } from "zod";
import { parsePublicDispatchId } from "../loop/remediation-jobs.ts";

const workflowRunPayloadSchema = z.object({
  action: z.string(),
  installation: z.object({ id: z.number().int() }),
  repository: z.object({ id: z.number().int(), full_name: z.string() }),
  workflow_run: z.object({
    id: z.number().int(),
    name: z.string().nullish(),
    display_title: z.string().nullish(),
    html_url: z.string(),
    status: z.string().nullish(),
    conclusion: z.string().nullish(),
  }),
});

/** A `workflow_run` delivery, reduced to what matching it to a dispatch needs. */
export interface WorkflowRunFacts {
  installationId: number;
  repoId: number;
  repoFullName: string;
  runId: number;
  runUrl: string;
  status: "requested" | "in_progress" | "completed";
  conclusion: string | null;
  /** The dispatch id its name carries (`run-name: reviewloop fix <dispatch_id>`), if any. */
  named: ReturnType<typeof parsePublicDispatchId>;
}

/**
 * A `workflow_run` event, or null when it is not one the loop could care about (an action other
 * than requested / in_progress / completed, a payload missing what is needed). The dispatch id
 * in the run's name is trusted only for the repository the event came from.
 */
export function parseWorkflowRunEvent(payload: unknown): WorkflowRunFacts | null {
  const parsed = workflowRunPayloadSchema.safeParse(payload);
  if (!parsed.success) return null;
  const { action, installation, repository, workflow_run: run } = parsed.data;
  if (action !== "requested" && action !== "in_progress" && action !== "completed") return null;
  const named = parsePublicDispatchId(`${run.display_title ?? ""} ${run.name ?? ""}`);
  return {
    installationId: installation.id,
    repoId: repository.id,
    repoFullName: repository.full_name,
    runId: run.id,
    runUrl: run.html_url,
    status: action,
    conclusion: action === "completed" ? (run.conclusion ?? null) : null,
    named: named !== null && named.repoId === repository.id ? named : null,
  };
}
