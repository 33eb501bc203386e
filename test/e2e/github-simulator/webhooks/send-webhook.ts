import { createHmac, randomUUID } from "node:crypto";

export interface WebhookDelivery {
  /** The event name (`x-github-event`): `pull_request`, `issue_comment`, … */
  name: string;
  /** The delivery GUID (`x-github-delivery`); a random UUID by default. */
  id?: string;
  payload: unknown;
  secret: string;
  /** Defaults to Probot's `/api/github/webhooks`. */
  path?: string;
}

/** `sha256=<hex>`: GitHub's HMAC of the exact body bytes. */
export function signPayload(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** POSTs a delivery to the app as GitHub does, signed with `x-hub-signature-256`. */
export async function sendWebhook(
  appUrl: string,
  delivery: WebhookDelivery,
): Promise<{ status: number; id: string; body: string }> {
  const id = delivery.id ?? randomUUID();
  const body = JSON.stringify(delivery.payload);
  const response = await fetch(`${appUrl}${delivery.path ?? "/api/github/webhooks"}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/simulator",
      "x-github-event": delivery.name,
      "x-github-delivery": id,
      "x-github-hook-installation-target-type": "integration",
      "x-hub-signature-256": signPayload(delivery.secret, body),
    },
    body,
  });
  return { status: response.status, id, body: await response.text() };
}
