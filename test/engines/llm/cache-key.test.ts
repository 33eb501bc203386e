import { describe, expect, it } from "vitest";
import { type CacheKeyInput, cacheKey } from "../../../src/engines/llm/cache-key.ts";

const base: CacheKeyInput = {
  path: "src/a.ts",
  contentHash: "abc",
  model: "openai:gpt-4.1-mini",
  promptVersion: "1",
  instructions: ["Check money rounding.", "No any."],
};

describe("engines/llm/cache-key", () => {
  it("is a sha256 hex digest, the same for the same input", () => {
    expect(cacheKey(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey({ ...base, instructions: [...base.instructions] })).toBe(cacheKey(base));
  });

  it.each([
    ["path", { path: "src/b.ts" }],
    ["content", { contentHash: "abd" }],
    ["model", { model: "anthropic:claude-sonnet-4-5" }],
    ["prompt version", { promptVersion: "2" }],
    ["instruction order", { instructions: ["No any.", "Check money rounding."] }],
    ["instructions", { instructions: [] }],
    ["instruction split", { instructions: ["Check money rounding.\0No any."] }],
    ["fields joined differently", { path: "src/a.ts\0abc", contentHash: "" }],
  ])("changes with the %s", (_, change) => {
    expect(cacheKey({ ...base, ...change })).not.toBe(cacheKey(base));
  });
});
