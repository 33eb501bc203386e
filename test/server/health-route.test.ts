import { describe, expect, it } from "vitest";
import { checkHealth } from "../../src/server/health-route.ts";

const NOW = 1_000_000;
const liveDb = { query: async () => ({ rows: [], rowCount: 0 }) } as never;
const deadDb = {
  query: async () => {
    throw new Error("connection refused");
  },
} as never;
const hungDb = { query: () => new Promise(() => {}) } as never;

describe("server/checkHealth", () => {
  it.each([
    ["a live store and a fresh heartbeat", liveDb, NOW - 100, "ok", "ok", "ok"],
    ["a store that refuses", deadDb, NOW - 100, "error", "unreachable", "ok"],
    ["a store that never answers", hungDb, NOW - 100, "error", "unreachable", "ok"],
    ["a stale heartbeat", liveDb, NOW - 6_000, "error", "ok", "stale"],
    ["a worker that is not running", liveDb, null, "error", "ok", "stopped"],
  ])("with %s reports %s", async (_, db, beat, status, store, worker) => {
    const report = await checkHealth({
      db,
      heartbeatAt: () => beat,
      staleAfterMs: 5_000,
      storeTimeoutMs: 50,
      now: () => NOW,
    });

    expect(report).toMatchObject({ status, store, worker: { status: worker } });
  });

  it("says why the store failed", async () => {
    const report = await checkHealth({
      db: deadDb,
      heartbeatAt: () => NOW,
      staleAfterMs: 5_000,
      now: () => NOW,
    });

    expect(report.storeError).toBe("connection refused");
  });
});
