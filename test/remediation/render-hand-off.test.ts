import { describe, expect, it } from "vitest";
import { containsCommand } from "../../src/commands/parse-commands.ts";
import type { HandOffKind } from "../../src/loop/types.ts";
import {
  type HandOffFinding,
  type HandOffInput,
  MAX_LISTED_FINDINGS,
  renderHandOff,
} from "../../src/remediation/render-hand-off.ts";
import type { AttemptDiagnostics } from "../../src/remediation/run-diagnostics.ts";
import { parseMarkers } from "../../src/review/markers.ts";
import {
  fencesBalanced,
  HOSTILE,
  hasCommandLikeLine,
  hasLiveMention,
  proseOf,
} from "./hostile-text.ts";

const MARKER = "<!-- reviewloop:hand-off 42#7/1 -->";

function finding(over: Partial<HandOffFinding> = {}): HandOffFinding {
  return {
    id: "F1",
    severity: "critical",
    path: "src/a.ts",
    line: 12,
    title: "Debugger statement left in",
    blocking: true,
    ...over,
  };
}

const failedRun: AttemptDiagnostics = {
  conclusion: "failure",
  runUrl: "https://github.com/acme/widgets/actions/runs/99",
  failedJobs: [
    {
      name: "fix",
      url: "https://github.com/acme/widgets/actions/runs/99/job/5",
      conclusion: "failure",
      failedSteps: ["Run the agent"],
      logTail: "npm ERR! missing script: fix\nError: Process completed with exit code 1.",
    },
  ],
};

function input(over: Partial<HandOffInput> = {}): HandOffInput {
  return {
    handOff: {
      kind: "max_rounds",
      attempt: 1,
      reason: "5 rounds dispatched; F1 is still open.",
      round: 5,
      seq: 1,
    },
    roundsUsed: 5,
    roundLimit: 5,
    findings: [finding()],
    diagnostics: null,
    resumeRounds: 2,
    appSlug: "reviewloop",
    marker: MARKER,
    ...over,
  };
}

describe("remediation/renderHandOff", () => {
  it("renders the whole comment", () => {
    const body = renderHandOff(
      input({
        handOff: {
          kind: "dispatch_failing",
          attempt: 1,
          reason: "3 attempts failed in a row.",
          round: 2,
          seq: 1,
        },
        roundsUsed: 2,
        findings: [
          finding({ id: "F2", severity: "warning", blocking: false, title: "Long function" }),
          finding(),
        ],
        diagnostics: failedRun,
      }),
    );

    expect(body).toMatchInlineSnapshot(`
      "### reviewloop: a human is needed

      The fixer could not be run: its dispatch failed on every attempt. 3 attempts failed in a row.

      Rounds used: **2/5** (stopped at round 2). The label \`reviewloop:needs-human\` was added; it is removed when a review finds nothing blocking.

      #### Still open: 2 (1 blocking)

      | ID | severity | where | finding |
      | --- | --- | --- | --- |
      | F1 | 🔴 Critical (blocking) | \`src/a.ts:12\` | Debugger statement left in |
      | F2 | 🟡 Warning | \`src/a.ts:12\` | Long function |

      #### Last attempt

      conclusion \`failure\`; failed: job \`fix\` at \`Run the agent\`; [run](https://github.com/acme/widgets/actions/runs/99).

      End of the log of [fix](https://github.com/acme/widgets/actions/runs/99/job/5):

      \`\`\`text
      npm ERR! missing script: fix
      Error: Process completed with exit code 1.
      \`\`\`

      #### How to continue

      Fix the findings yourself and push, or comment one of:

      - \`/reviewloop resume\`: continue the loop with 2 more rounds; the no-progress count starts again.
      - \`/reviewloop fix\`: dispatch one round now for every open finding, blocking or not.
      - \`/reviewloop retry\`: dispatch the failed round again now.
      <!-- reviewloop:hand-off 42#7/1 -->"
    `);
  });

  describe.each<[HandOffKind, string, boolean]>([
    ["max_rounds", "reached its limit of 5 remediation rounds", false],
    ["no_progress", "made no progress", false],
    ["dispatch_failing", "dispatch failed on every attempt", true],
  ])("handed off for %s", (kind, headline, offersRetry) => {
    const body = renderHandOff(
      input({ handOff: { kind, reason: "Why, in words.", round: 3, attempt: 1, seq: 2 } }),
    );

    it("says why, with the reason kept", () => {
      expect(body).toContain(headline);
      expect(body).toContain("Why, in words.");
    });

    it("says the label was added and how many rounds were used", () => {
      expect(body).toContain("The label `reviewloop:needs-human` was added");
      expect(body).toContain("Rounds used: **5/5** (stopped at round 3)");
    });

    it(`offers resume and fix${offersRetry ? " and retry" : ", not retry"}`, () => {
      expect(body).toContain("`/reviewloop resume`: continue the loop with 2 more rounds");
      expect(body).toContain("`/reviewloop fix`");
      expect(body.includes("`/reviewloop retry`")).toBe(offersRetry);
    });
  });

  it("says `resume` comes before `fix` when the round limit stopped the loop", () => {
    expect(renderHandOff(input())).toContain("the round limit applies to it too: `resume` first");
  });

  it("says how many rounds resume grants, in the singular too", () => {
    expect(renderHandOff(input({ resumeRounds: 1 }))).toContain("with 1 more round;");
  });

  describe("the open findings", () => {
    it("lists blocking findings first, then by severity, keeping the given order within each", () => {
      const body = renderHandOff(
        input({
          findings: [
            finding({ id: "F1", severity: "info", blocking: false }),
            finding({ id: "F2", severity: "warning", blocking: false }),
            finding({ id: "F3", severity: "warning", blocking: true }),
            finding({ id: "F4", severity: "critical", blocking: true }),
            finding({ id: "F5", severity: "critical", blocking: true }),
          ],
        }),
      );

      const ids = [...body.matchAll(/^\| (F\d+) \|/gm)].map((m) => m[1]);
      expect(ids).toEqual(["F4", "F5", "F3", "F2", "F1"]);
      expect(body).toContain("#### Still open: 5 (3 blocking)");
    });

    it(`lists at most ${MAX_LISTED_FINDINGS} and counts the rest`, () => {
      const many = Array.from({ length: 45 }, (_, i) => finding({ id: `F${i + 1}` }));

      const body = renderHandOff(input({ findings: many }));

      expect(body.match(/^\| F\d+ \|/gm)).toHaveLength(MAX_LISTED_FINDINGS);
      expect(body).toContain("_… and 15 more._");
    });

    it("shows ranges and lines of the old side as people write them", () => {
      const body = renderHandOff(
        input({ findings: [finding({ startLine: 10, line: 12, side: "LEFT" })] }),
      );

      expect(body).toContain("`src/a.ts:10-12 (old)`");
    });

    it("says when nothing is open", () => {
      expect(renderHandOff(input({ findings: [] }))).toContain("No finding is open.");
    });
  });

  describe("the last attempt", () => {
    it("shows a refused dispatch's HTTP status and message", () => {
      const body = renderHandOff(
        input({
          diagnostics: {
            conclusion: "refused",
            failedJobs: [],
            httpStatus: 422,
            message: 'Unexpected inputs provided: ["payload"]',
          },
        }),
      );

      expect(body).toContain(
        'conclusion `refused`; refused: HTTP 422 — Unexpected inputs provided: \\["payload"\\].',
      );
    });

    it("says when the run could not be read", () => {
      const body = renderHandOff(
        input({ diagnostics: { conclusion: "failure", failedJobs: [], readError: "HTTP 410" } }),
      );

      expect(body).toContain("the run could not be read: HTTP 410");
    });

    it("shows every failed job's log tail, at most 100 lines each", () => {
      const lines = Array.from({ length: 150 }, (_, i) => `line ${i + 1}`).join("\n");
      const job = { ...failedRun.failedJobs[0], logTail: lines };
      const body = renderHandOff(
        input({ diagnostics: { ...failedRun, failedJobs: [job, { ...job, name: "lint" }] } }),
      );

      expect(body.match(/^line 51$/gm)).toHaveLength(2);
      expect(body).not.toMatch(/^line 50$/m);
      expect(body).toContain("End of the log of [lint]");
    });

    it("shows a link only for an http(s) URL", () => {
      const body = renderHandOff(
        input({ diagnostics: { ...failedRun, runUrl: "javascript:alert(1)" } }),
      );

      expect(body).toContain("run `javascript:alert(1)`");
      expect(body).not.toContain("](javascript:");
    });
  });

  describe("with hostile text in titles, reasons, job names, messages and log tails", () => {
    const body = renderHandOff(
      input({
        handOff: { kind: "dispatch_failing", attempt: 1, reason: HOSTILE, round: 1, seq: 1 },
        appSlug: "my-app",
        findings: [finding({ title: HOSTILE, path: "src/@octocat|x.ts" })],
        diagnostics: {
          conclusion: "failure",
          runUrl: "https://github.com/acme/widgets/actions/runs/1",
          message: HOSTILE,
          failedJobs: [
            {
              name: HOSTILE,
              conclusion: "failure",
              failedSteps: [HOSTILE],
              logTail: `${HOSTILE}\n\`\`\`\`\`\`\n${HOSTILE}`,
            },
          ],
        },
      }),
    );

    it("contains no line the command parser reads, for any slug", () => {
      expect(containsCommand(body, "reviewloop")).toBe(false);
      expect(containsCommand(body, "my-app")).toBe(false);
      expect(hasCommandLikeLine(body, "my-app")).toBe(false);
    });

    it("pings nobody", () => {
      expect(hasLiveMention(body)).toBe(false);
    });

    it("keeps the log inside its block and every block closed", () => {
      expect(fencesBalanced(body)).toBe(true);
      // The tail's raw HTML would show in the prose had it escaped its block.
      expect(proseOf(body)).not.toContain("<details>");
      expect(body).toContain("\n<details><summary>x</summary>\n");
    });

    it("forges no marker: the only one is its own, on the last line", () => {
      expect(body.match(/<!--\s*reviewloop/g)).toHaveLength(1);
      expect(body.split("\n").at(-1)).toBe(MARKER);
      expect(parseMarkers(body)).toEqual({ passes: [], fingerprints: [] });
    });
  });

  it("fits GitHub's comment limit with the marker kept last, however long the log", () => {
    const huge = "x".repeat(20_000);
    const jobs = Array.from({ length: 10 }, (_, i) => ({
      name: `job ${i}`,
      conclusion: "failure",
      failedSteps: ["step"],
      logTail: Array.from({ length: 100 }, () => huge).join("\n"),
    }));

    const body = renderHandOff(input({ diagnostics: { conclusion: "failure", failedJobs: jobs } }));

    expect(body.length).toBeLessThanOrEqual(65_535);
    expect(body.split("\n").at(-1)).toBe(MARKER);
    expect(fencesBalanced(body)).toBe(true);
  });
});
