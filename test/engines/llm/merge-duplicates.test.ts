import { describe, expect, it } from "vitest";
import { mergeBuiltinDuplicates } from "../../../src/engines/llm/merge-duplicates.ts";
import type { Finding } from "../../../src/review/finding.ts";

function finding(overrides: Partial<Finding>): Finding {
  return {
    ruleId: "llm/security",
    engine: "llm",
    severity: "warning",
    category: "security",
    path: "src/a.ts",
    line: 10,
    side: "RIGHT",
    title: "t",
    body: "",
    ...overrides,
  };
}

const builtin = finding({ engine: "builtin", ruleId: "secret-in-code" });

describe("engines/llm/merge-duplicates", () => {
  it.each([
    ["the same path, side, line and category", {}, 1],
    ["another line", { line: 11 }, 0],
    ["another side", { side: "LEFT" as const }, 0],
    ["another path", { path: "src/b.ts" }, 0],
    ["another category", { category: "bugs", ruleId: "llm/bugs" }, 0],
  ])("merges an llm finding on %s: %i", (_, overrides, merged) => {
    const llm = finding(overrides);

    const result = mergeBuiltinDuplicates([llm, builtin]);

    expect(result).toEqual({ findings: merged === 1 ? [builtin] : [llm, builtin], merged });
  });

  it("leaves invalid items and other engines alone, in order", () => {
    const invalid = { ...finding({}), line: -1 };
    const checks = finding({ engine: "checks", ruleId: "checks/eslint" });
    const duplicate = finding({});

    const result = mergeBuiltinDuplicates([invalid, duplicate, checks, builtin, "junk"]);

    expect(result).toEqual({ findings: [invalid, checks, builtin, "junk"], merged: 1 });
  });

  it("does not merge two llm findings with each other", () => {
    const twice = [finding({}), finding({ title: "again" })];

    expect(mergeBuiltinDuplicates(twice)).toEqual({ findings: twice, merged: 0 });
  });
});
