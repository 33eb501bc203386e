import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/** The shape of Probot's (and @octokit/webhooks') Node middleware. */
type Middleware = (
  req: IncomingMessage,
  res?: ServerResponse,
  // biome-ignore lint/complexity/noBannedTypes: Probot declares `next` as Function.
  next?: Function,
) => Promise<boolean>;

/** True when `signature` is GitHub's `sha256=<hex>` HMAC of `body` with `secret`. */
export function isValidSignature(secret: string, body: string, signature: string | undefined) {
  if (!signature?.startsWith("sha256=")) return false;
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(body).digest("hex")}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** GitHub caps webhook payloads at 25 MB; anything larger is not a delivery. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

/** The request body as text, or null once it passes `limit` bytes (the rest is not buffered). */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      if (!over) chunks.push(chunk);
    });
    req.on("end", () => resolve(over ? null : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * Wraps Probot's webhook middleware so a delivery whose `X-Hub-Signature-256` is missing or does
 * not match is answered `401 Unauthorized` before anything runs or is stored (@octokit/webhooks
 * itself answers 400, which reads as "your payload is malformed" rather than "who are you?").
 * A body over GitHub's 25 MB cap is answered 413 without being kept in memory.
 * A valid delivery goes on to Probot with its body already read (`req.body`), which Probot's
 * middleware uses as is and verifies once more.
 */
export function rejectBadSignatures(
  inner: Middleware,
  secret: string,
  path: string,
  maxBytes = MAX_WEBHOOK_BYTES,
): Middleware {
  return async (req, res, next) => {
    const pathname = (req.url ?? "").split("?")[0];
    if (req.method !== "POST" || pathname !== path) return inner(req, res, next);
    const body = await readBody(req, maxBytes);
    if (body === null) {
      res?.writeHead(413, { "content-type": "application/json" });
      res?.end(JSON.stringify({ error: `payload larger than ${maxBytes} bytes` }));
      return true;
    }
    if (!isValidSignature(secret, body, req.headers["x-hub-signature-256"] as string | undefined)) {
      res?.writeHead(401, { "content-type": "application/json" });
      res?.end(
        JSON.stringify({ error: "signature does not match the payload and the webhook secret" }),
      );
      return true;
    }
    (req as IncomingMessage & { body?: string }).body = body;
    return inner(req, res, next);
  };
}
