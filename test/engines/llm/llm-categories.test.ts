import { describe, expect, it } from "vitest";
import { normalizeCategory } from "../../../src/engines/llm/llm-categories.ts";

describe("engines/llm/llm-categories", () => {
  it.each([
    ["security", "security"],
    [" Performance ", "performance"],
    ["BUG", "bugs"],
    ["error_handling", "bugs"],
    ["Documentation", "docs"],
    ["testing", "tests"],
    ["readability", "maintainability"],
    ["naming", "style"],
    ["something else", "bugs"],
    ["constructor", "bugs"],
  ])("maps %j to %s", (category, expected) => {
    expect(normalizeCategory(category)).toBe(expected);
  });
});
