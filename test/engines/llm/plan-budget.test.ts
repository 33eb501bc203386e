import { describe, expect, it } from "vitest";
import { planBudget } from "../../../src/engines/llm/plan-budget.ts";

const files = (...sizes: number[]) =>
  sizes.map((tokens, index) => ({ path: `f${index + 1}`, tokens }));

describe("engines/llm/plan-budget", () => {
  it.each([
    ["everything that fits", files(100, 200, 300), 1000, ["f1", "f2", "f3"], [], 600],
    ["an exact fit", files(400, 600), 1000, ["f1", "f2"], [], 1000],
    [
      "a file that does not fit, and a later smaller one that does",
      files(600, 500, 300, 200),
      1000,
      ["f1", "f3"],
      ["f2", "f4"],
      900,
    ],
    ["the first file when it alone is over", files(1500, 100), 1000, ["f2"], ["f1"], 100],
    ["nothing with no files", [], 1000, [], [], 0],
    [
      "files of 0 tokens even when the budget is spent",
      files(1000, 0),
      1000,
      ["f1", "f2"],
      [],
      1000,
    ],
  ])("sends %s", (_, input, budget, send, overBudget, used) => {
    expect(planBudget(input, budget)).toEqual({ send, overBudget, used });
  });
});
