import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../../src/config/index.ts";
import { decideChecksWait } from "../../../src/engines/checks/index.ts";
import { aRun } from "./checks-fixtures.ts";

const NOW = new Date("2026-01-01T12:00:00Z");
const settings = {
  ...DEFAULT_CONFIG.engines.checks,
  enabled: true,
  wait: true,
  names: ["eslint", "tsc"],
};
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

describe("decideChecksWait", () => {
  it("waits for a named check that has not completed or not appeared, until the next poll", () => {
    const decision = decideChecksWait({
      runs: [aRun({ name: "eslint", status: "in_progress", conclusion: null })],
      settings,
      deadline: at(15),
      now: NOW,
      pollMs: 120_000,
    });
    expect(decision).toEqual({
      wait: true,
      pending: ["eslint", "tsc"],
      runAt: at(2),
      deadline: at(15),
    });
  });

  it("looks again at the deadline when it comes before the next poll", () => {
    const decision = decideChecksWait({
      runs: [],
      settings,
      deadline: at(1),
      now: NOW,
      pollMs: 120_000,
    });
    expect(decision).toMatchObject({ wait: true, runAt: at(1) });
  });

  it("goes on once every selected check completed", () => {
    const runs = [
      aRun({ name: "eslint" }),
      aRun({ name: "tsc" }),
      aRun({ name: "slow", status: "queued" }),
    ];
    expect(
      decideChecksWait({ runs, settings, deadline: at(15), now: NOW, pollMs: 120_000 }),
    ).toEqual({
      wait: false,
    });
  });

  it("goes on past the deadline, and when wait is off", () => {
    expect(
      decideChecksWait({ runs: [], settings, deadline: NOW, now: NOW, pollMs: 120_000 }),
    ).toEqual({
      wait: false,
    });
    expect(
      decideChecksWait({
        runs: [],
        settings: { ...settings, wait: false },
        deadline: at(15),
        now: NOW,
        pollMs: 1,
      }),
    ).toEqual({ wait: false });
  });

  it("does not wait for its own check run", () => {
    const ours = aRun({
      name: "reviewloop",
      status: "in_progress",
      externalId: `reviewloop:1#2@${"a".repeat(40)}/3.0`,
    });
    const all = { ...settings, names: [] };
    expect(
      decideChecksWait({ runs: [ours], settings: all, deadline: at(15), now: NOW, pollMs: 1 }),
    ).toEqual({
      wait: false,
    });
  });
});
