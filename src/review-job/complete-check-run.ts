import type { Logger } from "pino";
import type {
  CheckAnnotation,
  CheckRunPublisher,
  UpdateCheckRunRequest,
} from "../github/check-run-publisher.ts";
import type { RepoRef } from "../github/refs.ts";
import { sendOnce } from "../github/send-once.ts";
import type { PassIdentity } from "./pass-identity.ts";
import { chunkAnnotations } from "./render-check-output.ts";

/** What completing a check run needs. */
export interface CompleteCheckRunDeps {
  checks: CheckRunPublisher;
  log: Logger;
  signal?: AbortSignal;
  /** `sendOnce`'s pause before looking (tests use 0). */
  pauseMs?: number;
}

/** One check run's annotations and its completion. */
export interface CompleteCheckRunInput {
  repo: RepoRef;
  checkRunId: number;
  /** How the run is found again (its `external_id`). */
  identity: PassIdentity["checkRun"];
  /** Every annotation of the pass, in order. */
  annotations: readonly CheckAnnotation[];
  /** How many the run holds already (an earlier run of the job sent them). */
  alreadySent: number;
  /** Output of the intermediate requests (title and summary; annotations are added). */
  output: { title: string; summary: string };
  /** The completing request for the last chunk, built just before it is sent. */
  completion: (annotations: CheckAnnotation[]) => UpdateCheckRunRequest;
}

/**
 * Sends the annotations not sent yet in chunks of 50; the last request completes the run.
 * GitHub APPENDS each request's annotations, so a PATCH is not idempotent: after an unknown
 * outcome (5xx, timeout) the run's `annotations_count` is read again, and the chunk is sent again
 * only when GitHub does not hold it (a completing request also needs the run completed).
 */
export async function completeCheckRun(
  deps: CompleteCheckRunDeps,
  input: CompleteCheckRunInput,
): Promise<void> {
  const { checks, log } = deps;
  const { repo, checkRunId } = input;
  const chunks = chunkAnnotations(input.annotations.slice(input.alreadySent));
  let held = input.alreadySent;
  for (const [index, annotations] of chunks.entries()) {
    const completing = index === chunks.length - 1;
    const target = held + annotations.length;
    const request: UpdateCheckRunRequest = completing
      ? input.completion(annotations)
      : { output: { ...input.output, annotations } };
    await sendOnce({
      what: completing ? "check-run completion" : "check-run annotations",
      send: async () => {
        await checks.updateCheckRun(repo, checkRunId, request);
        return true;
      },
      find: async () => {
        const run = await checks.findCheckRun(repo, input.identity);
        const stored =
          run !== null &&
          (run.annotationsCount ?? 0) >= target &&
          (!completing || run.status === "completed");
        return stored ? true : null;
      },
      log,
      ...(deps.signal === undefined ? {} : { signal: deps.signal }),
      ...(deps.pauseMs === undefined ? {} : { pauseMs: deps.pauseMs }),
    });
    held = target;
  }
}
