import type { DispatchTarget } from "./dispatcher.ts";

/**
 * GitHub's cap on a `workflow_dispatch`'s inputs, in characters: the values of all inputs
 * together (`pr`, `round`, `dispatch_id`, `payload`).
 */
export const WORKFLOW_INPUTS_MAX_CHARS = 65_535;

/**
 * GitHub's cap on a `repository_dispatch`'s `client_payload`: "less than 64 KB" of JSON. Counted
 * in UTF-8 bytes of the serialized `client_payload`, so at most 65,535.
 */
export const REPOSITORY_DISPATCH_MAX_BYTES = 65_535;

/** GitHub's cap on the top-level keys of a `repository_dispatch`'s `client_payload`. */
export const REPOSITORY_DISPATCH_MAX_KEYS = 10;

/**
 * Our own cap on a webhook body, in UTF-8 bytes (1 MiB). The receiver is the operator's; a
 * payload of findings never needs more, and many HTTP front ends refuse larger bodies by default.
 */
export const WEBHOOK_MAX_BYTES = 1_048_576;

/** How big a serialized payload may be. `maxBytes` counts UTF-8, for targets that cap bytes. */
export interface PayloadLimit {
  maxChars: number;
  maxBytes?: number;
}

/** What a target sends beside the payload, which takes its share of the target's limit. */
export interface DispatchEnvelope {
  pr: number;
  round: number;
  dispatchId: string;
}

/** The `client_payload` of a `repository_dispatch`: four keys, the payload as an object. */
export function repositoryClientPayload(envelope: DispatchEnvelope, payload: unknown) {
  return {
    dispatch_id: envelope.dispatchId,
    pr: envelope.pr,
    round: envelope.round,
    payload,
  };
}

/** UTF-8 length of a string, without I/O (`TextEncoder` is part of the language runtime). */
export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * The limit for the payload of one dispatch to `target`: the target's cap minus what the
 * envelope around the payload takes.
 */
export function payloadLimitFor(
  target: DispatchTarget["type"],
  envelope: DispatchEnvelope,
): PayloadLimit {
  switch (target) {
    case "workflow_dispatch": {
      const others =
        String(envelope.pr).length + String(envelope.round).length + envelope.dispatchId.length;
      return { maxChars: WORKFLOW_INPUTS_MAX_CHARS - others };
    }
    case "repository_dispatch": {
      // The envelope with a one-byte stand-in for the payload, minus that byte.
      const around = utf8Length(JSON.stringify(repositoryClientPayload(envelope, 0))) - 1;
      const maxBytes = REPOSITORY_DISPATCH_MAX_BYTES - around;
      return { maxChars: maxBytes, maxBytes };
    }
    case "webhook":
      return { maxChars: WEBHOOK_MAX_BYTES, maxBytes: WEBHOOK_MAX_BYTES };
  }
}
