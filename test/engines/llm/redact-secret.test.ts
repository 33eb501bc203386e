import { describe, expect, it } from "vitest";
import { redactSecret } from "../../../src/engines/llm/redact-secret.ts";

const KEY = "sk-proj-Abc123DEF456ghi789JKL";

describe("engines/llm/redactSecret", () => {
  it("removes the configured key wherever it appears", () => {
    const text = `Incorrect API key provided: ${KEY}. You can find your API key at https://platform.openai.com.`;

    const redacted = redactSecret(text, KEY);

    expect(redacted).not.toContain(KEY);
    expect(redacted).toContain("Incorrect API key provided: ***");
  });

  it("removes bearer credentials and x-api-key values even when the key differs", () => {
    const text =
      'sent Authorization: Bearer abcdefgh12345678 and {"x-api-key":"anthropic-secret-value"}';

    const redacted = redactSecret(text, undefined);

    expect(redacted).not.toContain("abcdefgh12345678");
    expect(redacted).not.toContain("anthropic-secret-value");
    expect(redacted).toContain("Bearer ***");
  });

  it("removes sk- key shapes that are not the configured key", () => {
    expect(redactSecret("old key sk-ant-api03-ZZZZyyyyXXXXwwww1234 rejected", KEY)).toBe(
      "old key *** rejected",
    );
  });

  it("leaves ordinary text alone", () => {
    const text = "HTTP 400: max_tokens is too large for this model";

    expect(redactSecret(text, KEY)).toBe(text);
    expect(redactSecret(text, "")).toBe(text);
  });
});
