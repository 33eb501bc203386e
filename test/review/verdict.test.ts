import { describe, expect, it } from "vitest";
import type { Severity } from "../../src/review/finding.ts";
import {
  countBySeverity,
  decideConclusion,
  decideVerdict,
  toReviewEvent,
} from "../../src/review/verdict.ts";

const of = (...severities: Severity[]) => severities.map((severity) => ({ severity }));

describe("review/verdict", () => {
  describe.each([
    {
      name: "a critical finding",
      findings: of("critical", "info"),
      verdict: "request_changes",
      conclusion: "failure",
    },
    {
      name: "only warnings and infos",
      findings: of("warning", "info"),
      verdict: "comment",
      conclusion: "neutral",
    },
    { name: "no findings", findings: of(), verdict: "comment", conclusion: "success" },
  ] as const)("with $name and the default threshold", ({ findings, verdict, conclusion }) => {
    it(`says ${verdict} and concludes the check with ${conclusion}`, () => {
      expect(decideVerdict(findings, { blockingSeverity: "critical", approve: false })).toBe(
        verdict,
      );
      expect(decideConclusion(findings, "critical")).toBe(conclusion);
    });
  });

  describe("with blocking_severity warning", () => {
    it("requests changes for a warning", () => {
      const verdict = decideVerdict(of("warning"), { blockingSeverity: "warning", approve: true });

      expect(verdict).toBe("request_changes");
      expect(decideConclusion(of("warning"), "warning")).toBe("failure");
    });
  });

  describe("with approval enabled", () => {
    it("approves when nothing blocks", () => {
      expect(decideVerdict(of("info"), { blockingSeverity: "critical", approve: true })).toBe(
        "approve",
      );
    });

    it("still requests changes when something blocks", () => {
      expect(decideVerdict(of("critical"), { blockingSeverity: "critical", approve: true })).toBe(
        "request_changes",
      );
    });
  });

  it("maps verdicts to GitHub's review events", () => {
    expect(["request_changes", "comment", "approve"].map((v) => toReviewEvent(v as never))).toEqual(
      ["REQUEST_CHANGES", "COMMENT", "APPROVE"],
    );
  });

  it("counts every severity, zero when absent", () => {
    expect(countBySeverity(of("critical", "info", "info"))).toEqual({
      critical: 1,
      warning: 0,
      info: 2,
    });
  });
});
