import { describe, expect, it } from "vitest";
import { renderStatus, type StatusInput } from "../../src/command-job/render-status.ts";
import { INITIAL_LOOP_STATE } from "../../src/loop/types.ts";

const BASE: StatusInput = {
  loop: { ...INITIAL_LOOP_STATE, status: "idle", headSha: "a".repeat(40) },
  maxRounds: 5,
  remediationEnabled: false,
  blockingSeverity: "critical",
  openFindings: [],
  lastDispatch: null,
};

function llmRow(text: string): string | undefined {
  return text.split("\n").find((line) => line.startsWith("| LLM review (last pass) |"));
}

describe("command-job/renderStatus: the last pass's LLM figures", () => {
  it("shows the model, files, tokens and cache hits, and counts the skipped files", () => {
    const text = renderStatus({
      ...BASE,
      llm: {
        state: "on",
        model: "openai:gpt-4.1-mini",
        filesReviewed: ["src/a.ts", "src/b.ts"],
        filesSkipped: [
          { path: "docs/big.md", reason: "budget", detail: "max_input_tokens 1,000 reached" },
        ],
        tokensIn: 12_345,
        tokensOut: 678,
        budgetUsed: 1000,
        budget: 1000,
        chunks: 4,
        cacheHits: 1,
        requests: 3,
        movedToSummary: 0,
        dropped: 0,
        merged: 0,
        repaired: 0,
      },
    });
    expect(llmRow(text)).toBe(
      "| LLM review (last pass) | (`openai:gpt-4.1-mini`): 2 of 3 files reviewed · 12,345 tokens in, 678 out · 1 of 4 hunks from the cache · 1 skipped (listed in the review) |",
    );
  });

  it("says why it was off, and shows no row without a recorded pass", () => {
    const off = renderStatus({
      ...BASE,
      llm: { state: "off", reason: "no provider configured (`REVIEWLOOP_LLM_PROVIDER`)" },
    });
    expect(llmRow(off)).toBe(
      "| LLM review (last pass) | off — no provider configured (`REVIEWLOOP_LLM_PROVIDER`) |",
    );
    expect(llmRow(renderStatus({ ...BASE, llm: null }))).toBeUndefined();
  });
});
