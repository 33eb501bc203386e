import { describe, expect, it } from "vitest";
import { retryDelayMs } from "../../../src/engines/llm/retry-delay.ts";

const NOW = Date.parse("2025-06-01T12:00:00Z");

describe("engines/llm/retryDelayMs", () => {
  describe("without a retry header", () => {
    it.each([
      [1, 1_000],
      [2, 2_000],
      [3, 4_000],
      [5, 16_000],
      [6, 30_000],
      [20, 30_000],
    ])("waits exponentially before retry %i: %i ms", (attempt, expected) => {
      expect(retryDelayMs(attempt, undefined, NOW)).toBe(expected);
      expect(retryDelayMs(attempt, { "content-type": "application/json" }, NOW)).toBe(expected);
    });
  });

  describe("with a retry header", () => {
    it.each([
      ["retry-after in seconds", { "retry-after": "2" }, 2_000],
      ["retry-after with a fraction", { "retry-after": "0.5" }, 500],
      ["retry-after-ms", { "retry-after-ms": "1500" }, 1_500],
      ["retry-after-ms before retry-after", { "retry-after-ms": "250", "retry-after": "9" }, 250],
      ["mixed-case header names", { "Retry-After": "3" }, 3_000],
      ["an HTTP date", { "retry-after": "Sun, 01 Jun 2025 12:00:07 GMT" }, 7_000],
      ["an HTTP date already past", { "retry-after": "Sun, 01 Jun 2025 11:00:00 GMT" }, 0],
      ["a long retry-after, capped", { "retry-after": "3600" }, 60_000],
      ["a long retry-after-ms, capped", { "retry-after-ms": "90000" }, 60_000],
    ])("honours %s", (_name, headers, expected) => {
      expect(retryDelayMs(1, headers, NOW)).toBe(expected);
    });

    it("falls back to the backoff when the header is unusable", () => {
      expect(retryDelayMs(2, { "retry-after": "soon" }, NOW)).toBe(2_000);
      expect(retryDelayMs(2, { "retry-after-ms": "-5" }, NOW)).toBe(2_000);
    });
  });
});
