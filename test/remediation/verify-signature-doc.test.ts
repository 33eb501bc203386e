import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { signWebhookBody } from "../../src/remediation/sign-webhook-body.ts";

type Verify = (
  headers: Record<string, string>,
  rawBody: string,
  secret: string,
  nowMs?: number,
) => boolean;

/** The receiver's check exactly as docs/dispatch-payload.md shows it. */
async function documentedVerify(): Promise<Verify> {
  const page = readFileSync(new URL("../../docs/dispatch-payload.md", import.meta.url), "utf8");
  const code = /```js\n([\s\S]*?)```/.exec(page)?.[1];
  if (!code) throw new Error("docs/dispatch-payload.md has no js example");
  const file = join(mkdtempSync(join(tmpdir(), "reviewloop-doc-")), "verify.mjs");
  writeFileSync(file, code);
  const module = (await import(pathToFileURL(file).href)) as { verifyReviewloop: Verify };
  return module.verifyReviewloop;
}

describe("docs/dispatch-payload.md: verifying a webhook delivery", () => {
  const secret = "whsec_doc";
  const body = JSON.stringify({ version: 1, dispatch_id: "d-1", note: "ünïcode" });
  const timestamp = 1_795_262_400;
  const headers = {
    "x-reviewloop-timestamp": String(timestamp),
    "x-reviewloop-signature": signWebhookBody(secret, timestamp, body),
  };

  it("accepts what reviewloop signs", async () => {
    const verify = await documentedVerify();

    expect(verify(headers, body, secret, timestamp * 1000 + 2_000)).toBe(true);
  });

  it.each([
    ["another body", { body: `${body} ` }],
    ["another secret", { secret: "whsec_other" }],
    ["a delivery older than five minutes", { now: (timestamp + 301) * 1000 }],
    ["a timestamp changed after signing", { timestamp: String(timestamp + 1) }],
  ])(
    "refuses %s",
    async (_name, change: { body?: string; secret?: string; now?: number; timestamp?: string }) => {
      const verify = await documentedVerify();
      const sent = change.timestamp
        ? { ...headers, "x-reviewloop-timestamp": change.timestamp }
        : headers;

      const ok = verify(
        sent,
        change.body ?? body,
        change.secret ?? secret,
        change.now ?? timestamp * 1000,
      );

      expect(ok).toBe(false);
    },
  );
});
