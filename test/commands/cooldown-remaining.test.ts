import { describe, expect, it } from "vitest";
import { cooldownRemaining, describeCooldown } from "../../src/commands/index.ts";

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 1, 12, 0, 0) + seconds * 1000);

describe("commands/cooldown-remaining", () => {
  it("lets a command run that never ran", () => {
    expect(cooldownRemaining(null, at(0), 60)).toBe(0);
  });

  it("counts the whole seconds left, rounding up", () => {
    expect(cooldownRemaining(at(0), at(0), 60)).toBe(60);
    expect(cooldownRemaining(at(0), at(10.2), 60)).toBe(50);
    expect(cooldownRemaining(at(0), at(59.5), 60)).toBe(1);
  });

  it("lets it run once the cooldown has passed", () => {
    expect(cooldownRemaining(at(0), at(60), 60)).toBe(0);
    expect(cooldownRemaining(at(0), at(3600), 60)).toBe(0);
  });

  it("has no cooldown at 0 seconds", () => {
    expect(cooldownRemaining(at(0), at(0), 0)).toBe(0);
  });

  it("waits at most one cooldown when the last run is in the future (clock skew)", () => {
    expect(cooldownRemaining(at(500), at(0), 60)).toBe(60);
  });

  it("tells the user when the command can run again", () => {
    expect(describeCooldown("fix", cooldownRemaining(at(0), at(18), 60), 60)).toBe(
      "`fix` runs at most once every 60 seconds on a pull request; it can run again in 42 seconds.",
    );
  });
});
