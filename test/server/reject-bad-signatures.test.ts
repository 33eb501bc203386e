import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isValidSignature } from "../../src/server/reject-bad-signatures.ts";

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
