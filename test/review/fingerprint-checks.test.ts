import { describe, expect, it } from "vitest";
import { annotationsToFindings } from "../../src/engines/checks/index.ts";
import { fingerprint } from "../../src/review/fingerprint.ts";
import { anAnnotation } from "../engines/checks/checks-fixtures.ts";

const SEVERITY = { failure: "critical", warning: "warning", notice: "info" } as const;

/** The fingerprint of the finding one annotation becomes, anchored on `lines`. */
function fingerprintOf(annotation: Parameters<typeof anAnnotation>[0], lines: string[] = []) {
  const [finding] = annotationsToFindings("eslint", [anAnnotation(annotation)], SEVERITY);
  return fingerprint(finding!, lines);
}

describe("fingerprint of a checks finding", () => {
  it("is the same for the same annotation on a moved line, whatever the lines read", () => {
    const before = fingerprintOf({ path: "src/a.ts", startLine: 10 }, ["const x = 1;"]);
    const after = fingerprintOf({ path: "src/a.ts", startLine: 42 }, ["  const x = 1; // moved"]);
    expect(after).toBe(before);
  });

  it("differs for a different message, path or check", () => {
    const base = fingerprintOf({ path: "src/a.ts", startLine: 10 });
    expect(fingerprintOf({ path: "src/a.ts", startLine: 10, message: "'y' is unused" })).not.toBe(
      base,
    );
    expect(fingerprintOf({ path: "src/b.ts", startLine: 10 })).not.toBe(base);
    const [tsc] = annotationsToFindings(
      "tsc",
      [anAnnotation({ path: "src/a.ts", startLine: 10 })],
      SEVERITY,
    );
    expect(fingerprint(tsc!, [])).not.toBe(base);
  });

  it("ignores whitespace changes in title and message", () => {
    expect(fingerprintOf({ path: "a.ts", startLine: 1, message: "a  b\r\n" })).toBe(
      fingerprintOf({ path: "a.ts", startLine: 1, message: " a b" }),
    );
  });

  it("is stable when a stored finding (with engine and body) is fingerprinted again", () => {
    const [finding] = annotationsToFindings(
      "eslint",
      [anAnnotation({ path: "a.ts", startLine: 3 })],
      SEVERITY,
    );
    const stored = JSON.parse(JSON.stringify(finding));
    expect(fingerprint(stored, ["other text"])).toBe(fingerprint(finding!, []));
  });

  it("leaves other engines' fingerprints on their anchored lines", () => {
    const builtin = {
      ruleId: "todo-comment",
      path: "a.ts",
      title: "t",
      engine: "builtin",
      body: "b",
    };
    expect(fingerprint(builtin, ["// TODO"])).toBe(
      fingerprint({ ruleId: "todo-comment", path: "a.ts", title: "other" }, ["// TODO"]),
    );
  });
});
