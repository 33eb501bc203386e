import { describe, expect, it } from "vitest";
import { buildDispatchPayload } from "../../src/remediation/build-dispatch-payload.ts";
import { payloadLimitFor } from "../../src/remediation/dispatch-limits.ts";
import type { FailingCheck } from "../../src/remediation/dispatch-payload.ts";
import { dispatchPayloadSchema } from "../../src/remediation/dispatch-payload-schema.ts";
import { manyFindings, payloadInput } from "./payload-fixtures.ts";

const WORKFLOW_LIMIT = payloadLimitFor("workflow_dispatch", {
  pr: 7,
  round: 1,
  dispatchId: "rl-7-1-1-abc123",
});

function failingCheck(name: string, overrides: Partial<FailingCheck> = {}): FailingCheck {
  return {
    name,
    conclusion: "failure",
    url: `https://github.com/octo/app/actions/runs/1/job/${name.length}`,
    title: `${name} failed`,
    summary: "1 failing test",
    annotations_count: 1,
    annotations: [
      { path: "src/a.ts", start_line: 3, end_line: 3, level: "failure", message: "expected 2" },
    ],
    failed_steps: ["Run tests"],
    log_tail: "FAIL src/a.test.ts",
    ...overrides,
  };
}

/** A check with everything long: a summary, 50 long annotations and a long log. */
function hugeCheck(name: string): FailingCheck {
  return failingCheck(name, {
    summary: `START of ${name}. ${"s".repeat(20_000)}`,
    annotations_count: 400,
    annotations: Array.from({ length: 50 }, (_, i) => ({
      path: `src/f${i}.ts`,
      start_line: i + 1,
      end_line: i + 1,
      level: "warning" as const,
      title: `rule-${i}`,
      message: `${"m".repeat(2_000)} (${i})`,
    })),
    log_tail: `${"l".repeat(20_000)}\nFINAL ERROR of ${name}`,
  });
}

describe("remediation/buildDispatchPayload: failing_checks", () => {
  it("sends the failing checks as given, in their order, within the published schema", () => {
    const checks = [failingCheck("lint"), failingCheck("test", { read_error: "log: 502" })];

    const payload = buildDispatchPayload(payloadInput({ failingChecks: checks }), WORKFLOW_LIMIT);

    expect(payload.failing_checks).toEqual(checks);
    expect(dispatchPayloadSchema.parse(payload)).toEqual(payload);
  });

  it("sends none when the input has none (the loop does not act on CI)", () => {
    expect(buildDispatchPayload(payloadInput(), WORKFLOW_LIMIT).failing_checks).toEqual([]);
  });

  it("cuts long summaries, annotations and logs before leaving out any finding", () => {
    const checks = ["lint", "test", "e2e"].map(hugeCheck);
    const input = payloadInput({ findings: manyFindings(5), failingChecks: checks });

    const payload = buildDispatchPayload(input, WORKFLOW_LIMIT);

    expect(JSON.stringify(payload).length).toBeLessThanOrEqual(WORKFLOW_LIMIT.maxChars);
    expect(payload.findings_omitted).toBe(0);
    expect(payload.failing_checks.map((check) => check.name)).toEqual(["lint", "test", "e2e"]);
    for (const check of payload.failing_checks) {
      expect(check.summary).toMatch(new RegExp(`^START of ${check.name}\\.`));
      expect(check.log_tail).toMatch(new RegExp(`FINAL ERROR of ${check.name}$`));
      expect(check.annotations.length).toBeGreaterThan(0);
      expect(check.annotations.length).toBeLessThan(50);
      expect(check.annotations_count).toBe(400);
      expect(check.failed_steps).toEqual(["Run tests"]);
    }
    expect(dispatchPayloadSchema.safeParse(payload).success).toBe(true);
  });

  it("keeps only each check's name, conclusion, page, title and count when nothing else fits", () => {
    const checks = Array.from({ length: 120 }, (_, i) => hugeCheck(`job-${i}`));
    const input = payloadInput({ findings: manyFindings(3), failingChecks: checks });

    const payload = buildDispatchPayload(input, WORKFLOW_LIMIT);

    expect(JSON.stringify(payload).length).toBeLessThanOrEqual(WORKFLOW_LIMIT.maxChars);
    expect(payload.failing_checks).toHaveLength(120);
    expect(payload.failing_checks[0]).toEqual({
      name: "job-0",
      conclusion: "failure",
      url: checks[0]!.url,
      title: "job-0 failed",
      annotations_count: 400,
      annotations: [],
      failed_steps: ["Run tests"],
    });
    expect(payload.findings.length + payload.findings_omitted).toBe(3);
  });
});
