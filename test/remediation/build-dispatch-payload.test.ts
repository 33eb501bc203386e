import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildDispatchPayload,
  compareFindings,
} from "../../src/remediation/build-dispatch-payload.ts";
import {
  payloadLimitFor,
  REPOSITORY_DISPATCH_MAX_BYTES,
  repositoryClientPayload,
  utf8Length,
  WORKFLOW_INPUTS_MAX_CHARS,
} from "../../src/remediation/dispatch-limits.ts";
import type { PayloadFinding } from "../../src/remediation/dispatch-payload.ts";
import { finding, manyFindings, payloadInput } from "./payload-fixtures.ts";

const roomy = { maxChars: 1_000_000 };
const sizeOf = (value: unknown) => JSON.stringify(value).length;

describe("remediation/buildDispatchPayload", () => {
  describe("with findings that fit", () => {
    it("fills every field of version 1 from the input", () => {
      const input = payloadInput({ findings: [finding({ id: "F3", url: "https://x/c/1" })] });

      const payload = buildDispatchPayload(input, roomy);

      expect(payload).toMatchObject({
        version: 1,
        dispatch_id: "rl-7-1-1-abc123",
        repository: { id: 42, full_name: "octo/app" },
        pull_request: {
          number: 7,
          head_sha: "a".repeat(40),
          base_sha: "b".repeat(40),
          head_ref: "feature",
          html_url: "https://github.com/octo/app/pull/7",
        },
        round: { number: 1, limit: 5, attempt: 1, max_attempts: 3 },
        scope: "blocking",
        findings: [finding({ id: "F3", url: "https://x/c/1" })],
        findings_omitted: 0,
        failing_checks: [],
        previous_attempts: [],
      });
    });

    it("shows the dispositions wire format, with an example naming the first finding", () => {
      const input = payloadInput({
        findings: [finding({ id: "F9", severity: "info" }), finding({ id: "F4" })],
      });

      const { dispositions } = buildDispatchPayload(input, roomy);

      expect(dispositions.format).toBe(
        '```reviewloop-dispositions\n[{"id":"F1","disposition":"fixed|disagree|deferred","note":"…"}]\n```',
      );
      expect(dispositions.example).toBe(
        '```reviewloop-dispositions\n[{"id":"F4","disposition":"fixed","note":"Handled the empty list."}]\n```',
      );
      expect(dispositions.how).toContain("ID | disposition | note");
    });

    it("sends only the contract's keys of a finding", () => {
      const extra = { ...finding(), internal_fingerprint: "abc" } as PayloadFinding;

      const payload = buildDispatchPayload(payloadInput({ findings: [extra] }), roomy);

      expect(Object.keys(payload.findings[0] ?? {})).not.toContain("internal_fingerprint");
    });
  });

  describe("ordering", () => {
    it.each<{ name: string; findings: PayloadFinding[]; expected: string[] }>([
      {
        name: "blocking before non-blocking, whatever the severity",
        findings: [
          finding({ id: "F1", blocking: false, severity: "critical" }),
          finding({ id: "F2", blocking: true, severity: "info" }),
        ],
        expected: ["F2", "F1"],
      },
      {
        name: "then critical, warning, info",
        findings: [
          finding({ id: "F1", severity: "info" }),
          finding({ id: "F2", severity: "warning" }),
          finding({ id: "F3", severity: "critical" }),
        ],
        expected: ["F3", "F2", "F1"],
      },
      {
        name: "then by path, by code unit (uppercase before lowercase)",
        findings: [
          finding({ id: "F1", path: "src/b.ts" }),
          finding({ id: "F2", path: "src/a.ts" }),
          finding({ id: "F3", path: "src/B.ts" }),
        ],
        expected: ["F3", "F2", "F1"],
      },
      {
        name: "then by start line, then end line",
        findings: [
          finding({ id: "F1", start_line: 20, end_line: 20 }),
          finding({ id: "F2", start_line: 3, end_line: 9 }),
          finding({ id: "F3", start_line: 3, end_line: 4 }),
        ],
        expected: ["F3", "F2", "F1"],
      },
      {
        name: "then by id number (F2 before F10)",
        findings: [finding({ id: "F10" }), finding({ id: "F2" })],
        expected: ["F2", "F10"],
      },
    ])("orders $name", ({ findings, expected }) => {
      const payload = buildDispatchPayload(payloadInput({ findings }), roomy);

      expect(payload.findings.map((entry) => entry.id)).toEqual(expected);
    });

    it("gives the same order for any order of the input", () => {
      const findings = [
        finding({ id: "F1", severity: "warning", path: "b" }),
        finding({ id: "F2", blocking: false, path: "a" }),
        finding({ id: "F3", path: "c", start_line: 2, end_line: 2 }),
        finding({ id: "F4", path: "c", start_line: 1, end_line: 1 }),
      ];
      const sorted = [...findings].sort(compareFindings).map((entry) => entry.id);

      fc.assert(
        fc.property(fc.shuffledSubarray(findings, { minLength: 4, maxLength: 4 }), (shuffled) => {
          const payload = buildDispatchPayload(payloadInput({ findings: shuffled }), roomy);
          expect(payload.findings.map((entry) => entry.id)).toEqual(sorted);
        }),
      );
    });
  });

  describe("when the payload is too big for the limit", () => {
    it("cuts long bodies first, keeps every finding and points to the whole text", () => {
      const long = finding({ id: "F1", body: "y".repeat(20_000), url: "https://x/c/1" });
      const input = payloadInput({ findings: [long, finding({ id: "F2" })] });

      const payload = buildDispatchPayload(input, { maxChars: 10_000 });

      expect(payload.findings.map((entry) => entry.id)).toEqual(["F1", "F2"]);
      expect(payload.findings_omitted).toBe(0);
      expect(payload.findings[0]?.body).toMatch(
        /^y{4000}\n\n… \(16000 more characters cut; the whole text: https:\/\/x\/c\/1\)$/,
      );
      expect(sizeOf(payload)).toBeLessThanOrEqual(10_000);
    });

    it("leaves an oversized suggestion out whole and says so in the body", () => {
      const big = finding({ suggestion: "z".repeat(9_000), url: "https://x/c/1" });

      const payload = buildDispatchPayload(payloadInput({ findings: [big] }), {
        maxChars: 6_000,
      });

      expect(payload.findings[0]?.suggestion).toBeUndefined();
      expect(payload.findings[0]?.body).toContain(
        "The suggested replacement, 9000 characters, was left out",
      );
    });

    it("keeps the end of a previous attempt's log, where the error is", () => {
      const logTail = Array.from({ length: 2_000 }, (_, line) => `line ${line}`).join("\n");
      const input = payloadInput({
        previousAttempts: [
          {
            attempt: 1,
            dispatch_id: "rl-7-1-1-old",
            conclusion: "failure",
            failed_jobs: [{ name: "fix", failed_step: "Run agent", log_tail: logTail }],
          },
        ],
      });

      const payload = buildDispatchPayload(input, { maxChars: 7_000 });
      const kept = payload.previous_attempts[0]?.failed_jobs[0]?.log_tail ?? "";

      expect(kept.endsWith("line 1999")).toBe(true);
      expect(kept).toMatch(/^… \(\d+ earlier characters cut\)\nline \d+\n/);
      expect(sizeOf(payload)).toBeLessThanOrEqual(7_000);
    });

    it.each([{ maxChars: 20_000 }, { maxChars: 9_000 }, { maxChars: 4_000 }])(
      "leaves out findings from the end, and counts them, to fit $maxChars characters",
      (limit) => {
        // Bodies shorter than the harshest cut: leaving findings out is the only way to fit.
        const findings = manyFindings(60, 400);

        const payload = buildDispatchPayload(payloadInput({ findings }), limit);
        const kept = payload.findings.length;

        expect(kept).toBeGreaterThan(0);
        expect(kept).toBeLessThan(60);
        expect(payload.findings_omitted).toBe(60 - kept);
        expect(payload.findings.map((entry) => entry.id)).toEqual(
          findings.slice(0, kept).map((entry) => entry.id),
        );
        expect(sizeOf(payload)).toBeLessThanOrEqual(limit.maxChars);
        // The longest prefix that fits: one more finding would not.
        const oneMore = {
          ...payload,
          findings: findings.slice(0, kept + 1),
          findings_omitted: 60 - kept - 1,
        };
        expect(sizeOf(oneMore)).toBeGreaterThan(limit.maxChars);
      },
    );

    it("counts UTF-8 bytes when the limit has them", () => {
      const findings = manyFindings(30, 10).map((entry) => ({ ...entry, title: "é".repeat(300) }));

      const payload = buildDispatchPayload(payloadInput({ findings }), {
        maxChars: 12_000,
        maxBytes: 12_000,
      });

      expect(utf8Length(JSON.stringify(payload))).toBeLessThanOrEqual(12_000);
      expect(sizeOf(payload)).toBeLessThan(9_000);
      expect(payload.findings_omitted).toBeGreaterThan(0);
    });

    it("refuses a limit that cannot hold the payload without findings", () => {
      expect(() => buildDispatchPayload(payloadInput(), { maxChars: 500 })).toThrow(RangeError);
    });

    it("stays within any limit it can meet, keeping a prefix of the order", () => {
      fc.assert(
        fc.property(
          fc.array(
            fc.record({
              severity: fc.constantFrom("critical" as const, "warning" as const, "info" as const),
              blocking: fc.boolean(),
              path: fc.constantFrom("a.ts", "b.ts", "src/ü.ts"),
              start_line: fc.integer({ min: 1, max: 50 }),
              body: fc.string({ maxLength: 3_000, unit: "grapheme" }),
              suggestion: fc.option(fc.string({ maxLength: 5_000 }), { nil: undefined }),
            }),
            { maxLength: 30 },
          ),
          fc.integer({ min: 3_000, max: 60_000 }),
          (records, maxChars) => {
            const findings = records.map((record, index) =>
              finding({ ...record, id: `F${index + 1}`, end_line: record.start_line }),
            );
            const order = [...findings].sort(compareFindings).map((entry) => entry.id);

            const payload = buildDispatchPayload(payloadInput({ findings }), {
              maxChars,
              maxBytes: maxChars,
            });

            expect(utf8Length(JSON.stringify(payload))).toBeLessThanOrEqual(maxChars);
            expect(payload.findings.length + payload.findings_omitted).toBe(findings.length);
            expect(payload.findings.map((entry) => entry.id)).toEqual(
              order.slice(0, payload.findings.length),
            );
          },
        ),
        { numRuns: 60 },
      );
    });
  });

  describe("the budget of each target", () => {
    const envelope = { pr: 1234, round: 3, dispatchId: "rl-1234-3-2-0123456789abcdef" };

    it("gives the workflow's payload input what the other three inputs leave of 65,535", () => {
      const limit = payloadLimitFor("workflow_dispatch", envelope);

      expect(limit).toEqual({ maxChars: 65_535 - 4 - 1 - envelope.dispatchId.length });
    });

    it("fills the workflow inputs up to, and not past, 65,535 characters", () => {
      const input = payloadInput({
        dispatchId: envelope.dispatchId,
        round: envelope.round,
        pullRequest: { ...payloadInput().pullRequest, number: envelope.pr },
        findings: manyFindings(400),
      });

      const payload = buildDispatchPayload(input, payloadLimitFor("workflow_dispatch", envelope));
      const inputs = ["1234", "3", envelope.dispatchId, JSON.stringify(payload)];
      const total = inputs.reduce((sum, value) => sum + value.length, 0);

      expect(total).toBeLessThanOrEqual(WORKFLOW_INPUTS_MAX_CHARS);
      expect(total).toBeGreaterThan(WORKFLOW_INPUTS_MAX_CHARS - 600);
      expect(payload.findings_omitted).toBeGreaterThan(0);
    });

    it("keeps a repository_dispatch client_payload under 64 KB of UTF-8", () => {
      const input = payloadInput({
        dispatchId: envelope.dispatchId,
        round: envelope.round,
        pullRequest: { ...payloadInput().pullRequest, number: envelope.pr },
        findings: manyFindings(400).map((entry) => ({ ...entry, title: "→ ünïcode ✓" })),
      });

      const payload = buildDispatchPayload(input, payloadLimitFor("repository_dispatch", envelope));
      const clientPayload = repositoryClientPayload(envelope, payload);

      expect(utf8Length(JSON.stringify(clientPayload))).toBeLessThanOrEqual(
        REPOSITORY_DISPATCH_MAX_BYTES,
      );
      expect(Object.keys(clientPayload)).toEqual(["dispatch_id", "pr", "round", "payload"]);
    });

    it("caps a webhook body at 1 MiB", () => {
      expect(payloadLimitFor("webhook", envelope)).toEqual({
        maxChars: 1_048_576,
        maxBytes: 1_048_576,
      });
    });
  });
});
