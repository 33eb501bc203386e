import { createHmac } from "node:crypto";

/**
 * `X-Reviewloop-Signature`: `sha256=` and the hex HMAC-SHA256, keyed with the webhook secret, of
 * `<timestamp>.<body>` — the `X-Reviewloop-Timestamp` value, a dot, and the exact body bytes.
 * Signing the timestamp too lets a receiver refuse an old delivery replayed by someone who
 * captured it (docs/dispatch-payload.md shows the check).
 */
export function signWebhookBody(secret: string, timestamp: number, body: string): string {
  const hmac = createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8");
  return `sha256=${hmac.digest("hex")}`;
}
