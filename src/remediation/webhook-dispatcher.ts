import { utf8Length, WEBHOOK_MAX_BYTES } from "./dispatch-limits.ts";
import type { Dispatcher, DispatchTarget } from "./dispatcher.ts";
import { signWebhookBody } from "./sign-webhook-body.ts";

/** Default wait for the receiver's answer; `WebhookDispatcherOptions.timeoutMs` changes it. */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

/** How much of a refusal's body is kept as its message. */
const EXCERPT_CHARS = 200;

/**
 * The webhook's answer never arrived or was a 5xx: the receiver may have taken the dispatch.
 * A plain Error (never an AbortError), so `isOutcomeUnknown` says unknown and the dispatch is
 * sent again with the same `X-Reviewloop-Delivery`, which the receiver dedupes on.
 */
export class WebhookDispatchError extends Error {
  override name = "WebhookDispatchError";
  /** The receiver's HTTP status; undefined when no answer came. */
  readonly status?: number;

  constructor(message: string, status?: number) {
    super(message);
    this.status = status;
  }
}

export interface WebhookDispatcherOptions {
  /** Longest wait for the receiver's answer, in ms (default 10 s). */
  timeoutMs?: number;
  /** Tests substitute the clock; the timestamp is in whole seconds. */
  now?: () => number;
  fetch?: typeof fetch;
}

type WebhookTarget = Extract<DispatchTarget, { type: "webhook" }>;

function webhookTarget(target: DispatchTarget): WebhookTarget {
  if (target.type !== "webhook") {
    throw new TypeError(`webhookDispatcher was given a ${target.type} target`);
  }
  return target;
}

/** Text for a message: one line, short, and never the secret (a receiver could echo it). */
function excerpt(text: string, secret: string): string {
  const scrubbed = secret ? text.split(secret).join("[secret]") : text;
  const line = scrubbed.replace(/\s+/g, " ").trim();
  return line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS)}…` : line;
}

/**
 * The `webhook` target: POSTs the payload as JSON to the operator's URL, signed (see
 * `signWebhookBody`). Any 2xx is accepted; redirects are not followed (the signed body goes
 * nowhere else), so a 3xx or 4xx is a refusal. A 5xx, a lost connection or no answer within the
 * timeout throws `WebhookDispatchError`. Messages name the URL's origin only: its path or query
 * may carry a token.
 */
export function webhookDispatcher(options: WebhookDispatcherOptions = {}): Dispatcher {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const send = options.fetch ?? fetch;
  return {
    async send({ target, payload, signal }) {
      const { url, secret } = webhookTarget(target);
      const body = JSON.stringify(payload);
      const bytes = utf8Length(body);
      if (bytes > WEBHOOK_MAX_BYTES) {
        return {
          ok: false,
          status: 413,
          message: `The body is ${bytes} bytes; reviewloop sends at most ${WEBHOOK_MAX_BYTES}`,
        };
      }
      const timestamp = Math.floor(now() / 1000);
      const origin = new URL(url).origin;
      let response: Response;
      try {
        response = await send(url, {
          method: "POST",
          body,
          redirect: "manual",
          headers: {
            "Content-Type": "application/json",
            "User-Agent": "reviewloop",
            "X-Reviewloop-Event": "fix",
            "X-Reviewloop-Delivery": payload.dispatch_id,
            "X-Reviewloop-Timestamp": String(timestamp),
            "X-Reviewloop-Signature": signWebhookBody(secret, timestamp, body),
          },
          signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])]),
        });
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (error instanceof Error && error.name === "TimeoutError") {
          throw new WebhookDispatchError(
            `The webhook at ${origin} did not answer within ${timeoutMs} ms`,
          );
        }
        const cause = error instanceof Error ? (error.cause ?? error) : error;
        const reason = cause instanceof Error ? cause.message : String(cause);
        throw new WebhookDispatchError(
          `The webhook at ${origin} could not be reached: ${excerpt(reason, secret)}`,
        );
      }
      const text = await response.text().catch(() => "");
      if (response.status >= 200 && response.status < 300) return { ok: true, run: null };
      const answer = excerpt(text, secret);
      const message = `The webhook at ${origin} answered ${response.status}${answer ? `: ${answer}` : ""}`;
      if (response.status >= 500) throw new WebhookDispatchError(message, response.status);
      return { ok: false, status: response.status, message };
    },

    async findRun({ target }) {
      webhookTarget(target);
      // A webhook names no run; its receiver dedupes by X-Reviewloop-Delivery instead.
      return null;
    },
  };
}
