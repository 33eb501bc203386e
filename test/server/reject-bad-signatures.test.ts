import { createHmac } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { isValidSignature, rejectBadSignatures } from "../../src/server/reject-bad-signatures.ts";

const sign = (secret: string, body: string) =>
  `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

describe("server/isValidSignature", () => {
  const body = '{"action":"opened"}';

  it.each([
    ["accepts GitHub's signature of the body", sign("s3cret", body), true],
    ["refuses a signature made with another secret", sign("other", body), false],
    ["refuses a signature of another body", sign("s3cret", `${body} `), false],
    ["refuses a missing signature", undefined, false],
    ["refuses the legacy sha1 header format", "sha1=abc", false],
    ["refuses a truncated signature", sign("s3cret", body).slice(0, 20), false],
  ])("%s", (_name, signature, expected) => {
    expect(isValidSignature("s3cret", body, signature)).toBe(expected);
  });
});

describe("server/rejectBadSignatures", () => {
  async function call(body: string, signature: string | undefined, maxBytes?: number) {
    const req = Readable.from([Buffer.from(body)]) as unknown as IncomingMessage;
    Object.assign(req, {
      method: "POST",
      url: "/api/github/webhooks",
      headers: signature ? { "x-hub-signature-256": signature } : {},
    });
    const answer: { status?: number; passedBody?: string } = {};
    const res = {
      writeHead(status: number) {
        answer.status = status;
        return this;
      },
      end() {},
    } as unknown as ServerResponse;
    const inner = async (request: IncomingMessage) => {
      answer.passedBody = (request as IncomingMessage & { body?: string }).body;
      return true;
    };
    await rejectBadSignatures(inner, "s3cret", "/api/github/webhooks", maxBytes)(req, res);
    return answer;
  }

  it("hands a correctly signed delivery to Probot with its body already read", async () => {
    const body = '{"zen":"Keep it logically awesome."}';

    expect(await call(body, sign("s3cret", body))).toEqual({ passedBody: body });
  });

  it("answers 401 to a wrongly signed delivery without calling Probot", async () => {
    expect(await call("{}", sign("other", "{}"))).toEqual({ status: 401 });
  });

  it("answers 413 to a body over the cap without calling Probot", async () => {
    const body = "x".repeat(2_000);

    expect(await call(body, sign("s3cret", body), 1_000)).toEqual({ status: 413 });
  });
});
