import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { coalesce } from "../../src/server/coalesce.ts";

describe("server/coalesce", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  describe("with a burst of calls", () => {
    it("runs once, after the delay", () => {
      let runs = 0;
      const wake = coalesce(() => runs++, 20);

      for (let i = 0; i < 50; i++) wake();
      vi.advanceTimersByTime(19);
      const early = runs;
      vi.advanceTimersByTime(1);

      expect(early).toBe(0);
      expect(runs).toBe(1);
    });
  });

  describe("with a call after a run", () => {
    it("runs again", () => {
      let runs = 0;
      const wake = coalesce(() => runs++, 20);

      wake();
      vi.advanceTimersByTime(20);
      wake();
      vi.advanceTimersByTime(20);

      expect(runs).toBe(2);
    });
  });
});
