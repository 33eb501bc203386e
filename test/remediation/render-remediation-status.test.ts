import { describe, expect, it } from "vitest";
import { containsCommand } from "../../src/commands/parse-commands.ts";
import {
  INITIAL_LOOP_STATE,
  type LoopSettings,
  type LoopState,
  type RoundInFlight,
  type RoundPhase,
} from "../../src/loop/types.ts";
import {
  renderRemediationSection,
  renderRemediationStatus,
} from "../../src/remediation/render-remediation-status.ts";
import type { AttemptDiagnostics } from "../../src/remediation/run-diagnostics.ts";
import { fencesBalanced, HOSTILE, hasCommandLikeLine, hasLiveMention } from "./hostile-text.ts";

const settings: LoopSettings = {
  enabled: true,
  maxRounds: 5,
  noProgressRounds: 2,
  maxAttempts: 3,
  dispatchTimeoutMinutes: 30,
  onHumanPush: "pause",
  fixerLogins: ["fixer[bot]"],
  target: "workflow_dispatch",
};

function round(over: Partial<RoundInFlight> = {}): RoundInFlight {
  return {
    round: 3,
    attempt: 2,
    dispatchId: "d-42-3-2",
    seq: 4,
    headSha: "abc1234",
    phase: "running",
    failures: 1,
    scope: "blocking",
    startBlocking: ["f1"],
    ...over,
  };
}

function state(over: Partial<LoopState> = {}): LoopState {
  return { ...INITIAL_LOOP_STATE, status: "awaiting_fix", round: 2, ...over };
}

const failed: AttemptDiagnostics = {
  conclusion: "failure",
  runUrl: "https://github.com/acme/widgets/actions/runs/9",
  failedJobs: [
    {
      name: "fix",
      conclusion: "failure",
      failedSteps: ["Run the agent"],
      logTail: Array.from({ length: 60 }, (_, i) => `log ${i + 1}`).join("\n"),
    },
  ],
};

describe("remediation/renderRemediationStatus", () => {
  it("shows the round against the limit, rounds granted by resume included", () => {
    expect(renderRemediationStatus(state({ extraRounds: 2 }), settings, null)).toEqual([
      "- Round: 2/7 (2 granted by `resume`)",
    ]);
  });

  it("says when automatic rounds are off, and shows the bare round without settings", () => {
    expect(renderRemediationStatus(state(), { ...settings, enabled: false }, null)[0]).toBe(
      "- Round: 2/5 — automatic rounds are off (`remediation.enabled: false`)",
    );
    expect(renderRemediationStatus(state(), null, null)[0]).toBe("- Round: 2");
  });

  it.each<[RoundPhase, string]>([
    ["dispatching", "dispatching the fixer"],
    ["held", "held by a cap"],
    ["retry_wait", "the last attempt failed; the next one is dispatched after a pause"],
    ["accepted", "dispatched; waiting for the fixer's run to start"],
    ["running", "the fixer's run is in progress"],
    ["completed", "the fixer's run succeeded; waiting for its push"],
    ["pushed", "the fixer pushed; its commit is being reviewed"],
  ])("puts the %s phase in words", (phase, words) => {
    const lines = renderRemediationStatus(state({ fix: round({ phase }) }), settings, null);

    expect(lines[1]).toContain(`- In flight: round 3, attempt 2/3: ${words}`);
    expect(lines[1]).toContain("dispatch `d-42-3-2`");
  });

  it("shows the run and the note of a held round", () => {
    const lines = renderRemediationStatus(
      state({
        fix: round({
          phase: "held",
          runUrl: "https://github.com/acme/widgets/actions/runs/9",
          note: "The daily cap of 50 dispatches is reached; trying again at 00:00 UTC",
        }),
      }),
      settings,
      null,
    );

    expect(lines[1]).toBe(
      "- In flight: round 3, attempt 2/3: held by a cap; it is dispatched when the cap allows (dispatch `d-42-3-2`, [run](https://github.com/acme/widgets/actions/runs/9)). The daily cap of 50 dispatches is reached; trying again at 00:00 UTC.",
    );
  });

  it("counts rounds without progress", () => {
    expect(renderRemediationStatus(state({ noProgressRounds: 1 }), settings, null)).toContain(
      "- Rounds without progress: 1/2",
    );
  });

  it("shows the hand-off, its reason and the label", () => {
    const lines = renderRemediationStatus(
      state({
        status: "handed_off",
        handOff: {
          kind: "no_progress",
          attempt: 1,
          reason: "F1 and F2 stayed open for 2 rounds",
          round: 4,
          seq: 1,
        },
        labeled: true,
      }),
      settings,
      null,
    );

    expect(lines).toContain(
      "- Handed off (no progress) at round 4, label `reviewloop:needs-human` added: F1 and F2 stayed open for 2 rounds.",
    );
  });

  it("sums up the last failed attempt in one line", () => {
    expect(renderRemediationStatus(state(), settings, failed).at(-1)).toBe(
      "- Last failed attempt: conclusion `failure`; failed: job `fix` at `Run the agent`; [run](https://github.com/acme/widgets/actions/runs/9)",
    );
  });

  it("shows a refused dispatch's status and message", () => {
    const refused = {
      conclusion: "refused",
      failedJobs: [],
      httpStatus: 404,
      message: "Not Found",
    };

    expect(renderRemediationStatus(state(), settings, refused).at(-1)).toBe(
      "- Last failed attempt: conclusion `refused`; refused: HTTP 404 — Not Found",
    );
  });
});

describe("remediation/renderRemediationSection", () => {
  it("is empty for a repository that never used remediation", () => {
    expect(
      renderRemediationSection(state({ round: 0 }), { ...settings, enabled: false }, null),
    ).toBe("");
  });

  it("renders the section with a short log tail", () => {
    const section = renderRemediationSection(state({ fix: round() }), settings, failed);

    expect(section.startsWith("## Remediation\n\n- Round: 2/5\n- In flight: round 3")).toBe(true);
    expect(section).toContain("End of the log of `fix`:");
    expect(section).toMatch(/^log 41$/m);
    expect(section).not.toMatch(/^log 40$/m);
  });

  it("shows a round after `fix` even with remediation off", () => {
    expect(
      renderRemediationSection(state({ round: 1 }), { ...settings, enabled: false }, null),
    ).toContain("## Remediation");
  });

  it("keeps hostile notes, reasons and logs harmless", () => {
    const section = renderRemediationSection(
      state({
        fix: round({ note: HOSTILE, dispatchId: HOSTILE }),
        handOff: { kind: "dispatch_failing", attempt: 1, reason: HOSTILE, round: 3, seq: 1 },
      }),
      settings,
      {
        conclusion: HOSTILE,
        message: HOSTILE,
        failedJobs: [{ name: HOSTILE, conclusion: null, failedSteps: [HOSTILE], logTail: HOSTILE }],
      },
      "my-app",
    );

    expect(containsCommand(section, "my-app")).toBe(false);
    expect(hasCommandLikeLine(section, "my-app")).toBe(false);
    expect(hasLiveMention(section)).toBe(false);
    expect(fencesBalanced(section)).toBe(true);
    expect(section.match(/<!--\s*reviewloop/g)).toBeNull();
  });
});
