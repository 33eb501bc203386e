import { describe, expect, it } from "vitest";
import { computeBackoff } from "../../src/jobs/compute-backoff.ts";

describe("jobs/computeBackoff", () => {
  describe.each([
    { attempt: 1, min: 1_000, max: 1_999 },
    { attempt: 2, min: 2_000, max: 3_999 },
    { attempt: 3, min: 4_000, max: 7_999 },
    { attempt: 4, min: 8_000, max: 15_999 },
    { attempt: 10, min: 512_000, max: 900_000 },
  ])("after attempt $attempt", ({ attempt, min, max }) => {
    it(`waits between ${min} and ${max} ms whatever the jitter`, () => {
      const lowest = computeBackoff(attempt, { random: () => 0 });
      const highest = computeBackoff(attempt, { random: () => 0.999_999_9 });

      expect(lowest).toBe(min);
      expect(highest).toBe(max);
    });
  });

  it("always waits longer than after the attempt before, until the cap", () => {
    for (let attempt = 1; attempt < 20; attempt++) {
      const longestBefore = computeBackoff(attempt, { random: () => 0.999_999_9 });
      const shortestAfter = computeBackoff(attempt + 1, { random: () => 0 });

      expect(shortestAfter).toBeGreaterThanOrEqual(longestBefore);
      if (shortestAfter < 15 * 60_000) expect(shortestAfter).toBeGreaterThan(longestBefore);
    }
  });

  it("never exceeds the cap", () => {
    expect(computeBackoff(40, { maxMs: 60_000 })).toBe(60_000);
    expect(computeBackoff(1_000)).toBe(15 * 60_000);
  });

  it("spreads jobs that failed together", () => {
    const delays = new Set(Array.from({ length: 50 }, () => computeBackoff(5)));

    expect(delays.size).toBeGreaterThan(40);
  });

  it("scales with the base delay", () => {
    expect(computeBackoff(3, { baseMs: 10, random: () => 0.5 })).toBe(60);
  });
});
