import type { DispatchPayload } from "./dispatch-payload.ts";

/** Where the fixer lives, as the Dispatch job resolved it from the config and the environment. */
export type DispatchTarget =
  | { type: "workflow_dispatch"; workflow: string; ref: string }
  | { type: "repository_dispatch"; eventType: string }
  | { type: "webhook"; url: string; secret: string };

/** One dispatch to send. */
export interface DispatchRequest {
  owner: string;
  repo: string;
  target: DispatchTarget;
  payload: DispatchPayload;
  signal?: AbortSignal;
}

/** The run a dispatch started, when the target tells (workflow_dispatch with run details). */
export interface DispatchedRun {
  runId: number;
  runUrl: string;
}

/** What the target answered. */
export type DispatchResult =
  | { ok: true; run: DispatchedRun | null }
  /** A refusal (4xx, or a 5xx the caller decided is final): nothing started. */
  | { ok: false; status: number; message: string };

/**
 * Starts the fixer. One port for every target; adapters live beside it. `send` throws when the
 * outcome is unknown (a 5xx or a timeout after the request left): the caller then calls
 * `findRun` before sending again. `findRun` looks for a run whose name (`display_title`) carries
 * the dispatch id, created at or after `since`; null when none (the webhook target can never
 * tell: its receiver dedupes by the `X-Reviewloop-Delivery` header, which is the dispatch id).
 */
export interface Dispatcher {
  send(request: DispatchRequest): Promise<DispatchResult>;
  findRun(
    request: Pick<DispatchRequest, "owner" | "repo" | "target" | "signal"> & {
      dispatchId: string;
      since: Date;
    },
  ): Promise<DispatchedRun | null>;
}
