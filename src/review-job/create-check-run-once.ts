import type { Logger } from "pino";
import type { CheckRunPublisher, CreateCheckRunRequest } from "../github/check-run-publisher.ts";
import type { RepoRef } from "../github/refs.ts";
import { sendOnce } from "../github/send-once.ts";

/** What creating a check run once needs. */
export interface CheckRunOnceDeps {
  checks: CheckRunPublisher;
  log: Logger;
  signal?: AbortSignal;
  /** `sendOnce`'s pause before looking (tests use 0). */
  pauseMs?: number;
}

/**
 * Creates the check run at most once: after an unknown outcome (5xx, timeout) it is looked up
 * by its `external_id` before it is sent again. Callers look before the first send too.
 */
export function createCheckRunOnce(
  deps: CheckRunOnceDeps,
  repo: RepoRef,
  request: CreateCheckRunRequest,
): Promise<{ id: number }> {
  return sendOnce({
    what: "check run",
    send: () => deps.checks.createCheckRun(repo, request),
    find: () =>
      deps.checks.findCheckRun(repo, {
        headSha: request.head_sha,
        name: request.name,
        externalId: request.external_id,
      }),
    log: deps.log,
    ...(deps.signal === undefined ? {} : { signal: deps.signal }),
    ...(deps.pauseMs === undefined ? {} : { pauseMs: deps.pauseMs }),
  });
}
