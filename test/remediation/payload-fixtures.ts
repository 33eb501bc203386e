import type { PayloadFinding, PayloadInput } from "../../src/remediation/dispatch-payload.ts";

/** A finding with every required field; tests override what they are about. */
export function finding(overrides: Partial<PayloadFinding> = {}): PayloadFinding {
  return {
    id: "F1",
    severity: "critical",
    blocking: true,
    rule: "builtin/todo-comment",
    path: "src/a.ts",
    start_line: 10,
    end_line: 10,
    side: "RIGHT",
    title: "A TODO left in the code",
    body: "Finish it or file an issue.",
    ...overrides,
  };
}

/** The input of round 1, attempt 1, for PR 7 of octo/app. */
export function payloadInput(overrides: Partial<PayloadInput> = {}): PayloadInput {
  return {
    dispatchId: "rl-7-1-1-abc123",
    repository: { id: 42, fullName: "octo/app" },
    pullRequest: {
      number: 7,
      headSha: "a".repeat(40),
      baseSha: "b".repeat(40),
      headRef: "feature",
      htmlUrl: "https://github.com/octo/app/pull/7",
    },
    round: 1,
    roundLimit: 5,
    attempt: 1,
    maxAttempts: 3,
    scope: "blocking",
    findings: [finding()],
    previousAttempts: [],
    ...overrides,
  };
}

/** `count` findings of the same shape, each `bodyChars` long, ids F1…Fcount. */
export function manyFindings(count: number, bodyChars = 400): PayloadFinding[] {
  return Array.from({ length: count }, (_, index) =>
    finding({
      id: `F${index + 1}`,
      path: `src/file-${String(index).padStart(4, "0")}.ts`,
      body: `Finding ${index + 1}. ${"x".repeat(bodyChars)}`,
    }),
  );
}
