import { describe, expect, it } from "vitest";
import type { LlmCoverage } from "../../src/engines/llm/llm-types.ts";
import type { ReviewEngine } from "../../src/engines/review-engine.ts";
import { runReviewEngines } from "../../src/engines/run-review-engines.ts";
import type { Finding } from "../../src/review/finding.ts";
import { addedFile, codeLines, llmConfig } from "./llm/llm-engine-fixtures.ts";

const FILE = addedFile("src/a.ts", codeLines("a", 5));

function finding(engine: string, over: Partial<Finding> = {}): Finding {
  return {
    ruleId: engine === "llm" ? "llm/security" : "hardcoded-secret",
    engine,
    severity: "critical",
    category: "security",
    path: "src/a.ts",
    line: 2,
    side: "RIGHT",
    title: engine === "llm" ? "A secret is committed" : "Possible secret",
    body: "",
    ...over,
  };
}

const COVERAGE: LlmCoverage = {
  state: "on",
  model: "openai:m",
  filesReviewed: ["src/a.ts"],
  filesSkipped: [],
  tokensIn: 1,
  tokensOut: 1,
  budgetUsed: 1,
  budget: 1000,
  chunks: 1,
  cacheHits: 0,
  requests: 1,
  movedToSummary: 0,
  dropped: 0,
  merged: 0,
  repaired: 0,
};

function engine(
  name: string,
  output: Partial<Awaited<ReturnType<ReviewEngine["review"]>>>,
): ReviewEngine {
  return {
    name,
    isEnabled: () => true,
    review: async () => ({ findings: [], skipped: [], errors: [], ...output }),
  };
}

describe("runReviewEngines with the LLM engine", () => {
  it("merges an LLM finding into the builtin one on the same lines and counts it", async () => {
    const other = finding("llm", { line: 4, category: "bugs", ruleId: "llm/bugs" });
    const result = await runReviewEngines({
      files: [FILE],
      config: llmConfig(),
      engines: [
        engine("builtin", { findings: [finding("builtin")] }),
        engine("llm", {
          findings: [finding("llm"), other],
          llmCoverage: COVERAGE,
          unreadPaths: ["src/b.ts"],
        }),
      ],
    });
    expect(result.findings).toEqual([finding("builtin"), other]);
    expect(result.llmCoverage).toMatchObject({ state: "on", merged: 1 });
    expect(result.unreadPaths).toEqual([{ engine: "llm", path: "src/b.ts" }]);
  });
});
