import { describe, expect, it } from "vitest";
import { findClosest, measureEditDistance } from "../../src/config/find-closest.ts";

describe("config/find-closest", () => {
  it.each([
    ["draft", ["drafts", "branches"], "drafts"],
    ["drfats", ["drafts"], "drafts"],
    ["Blocking-Severity", ["blocking_severity"], "blocking_severity"],
    ["crit", ["info", "warning", "critical"], "critical"],
    ["max_round", ["max_rounds", "max_attempts"], "max_rounds"],
    ["xyz", ["review", "engines"], undefined],
    ["re", ["review", "remediation"], undefined],
  ] as const)("suggests for %s among %j: %s", (input, candidates, expected) => {
    expect(findClosest(input, candidates)).toBe(expected);
  });

  it("counts a swap of adjacent letters as one edit", () => {
    expect(measureEditDistance("ab", "ba")).toBe(1);
    expect(measureEditDistance("kitten", "sitting")).toBe(3);
    expect(measureEditDistance("", "abc")).toBe(3);
  });

  it("gives up on absurdly long input instead of spending time on it", () => {
    expect(findClosest("a".repeat(10_000), ["a"])).toBeUndefined();
  });
});
