import { describe, expect, it } from "vitest";
import { countTokens } from "../../../src/engines/llm/count-tokens.ts";

describe("engines/llm/count-tokens", () => {
  it.each([
    ["", 0],
    ["hello", 1],
    ["hello world", 2],
  ])("counts %j as %i tokens with o200k_base", (text, expected) => {
    expect(countTokens(text)).toBe(expected);
  });

  it("counts code with more tokens than words and fewer than characters", () => {
    const code = "export function add(a: number, b: number): number {\n  return a + b;\n}\n";

    const tokens = countTokens(code);

    expect(tokens).toBeGreaterThan(code.split(/\s+/).length);
    expect(tokens).toBeLessThan(code.length / 2);
  });

  it("grows with the text", () => {
    expect(countTokens("const x = 1;\n".repeat(100))).toBeGreaterThan(
      countTokens("const x = 1;\n".repeat(10)),
    );
  });
});
