import { describe, expect, it } from "vitest";
import type { LlmCoverage } from "../../src/engines/llm/llm-types.ts";
import { renderLlmCoverage } from "../../src/review/render-llm-coverage.ts";

type On = Extract<LlmCoverage, { state: "on" }>;

const on = (overrides: Partial<On> = {}): On => ({
  state: "on",
  model: "openai-compatible:fake-model",
  filesReviewed: ["src/a.ts", "src/b.ts", "src/c.ts", "src/d.ts"],
  filesSkipped: [
    { path: "src/big.ts", reason: "budget", detail: "max_input_tokens 20,000 reached" },
    { path: "logo.png", reason: "binary" },
  ],
  tokensIn: 12_345,
  tokensOut: 678,
  budgetUsed: 19_000,
  budget: 20_000,
  chunks: 9,
  cacheHits: 3,
  requests: 6,
  movedToSummary: 1,
  dropped: 1,
  merged: 1,
  repaired: 0,
  ...overrides,
});

describe("review/render-llm-coverage", () => {
  describe("when the engine ran", () => {
    it("names the model and counts files, tokens, cache hits and the findings it moved", () => {
      expect(renderLlmCoverage(on()).line).toBe(
        "**LLM review** (`openai-compatible:fake-model`): 4 of 6 files reviewed · 12,345 tokens in, 678 out · 3 of 9 hunks from the cache · 1 finding moved to the summary (outside the lines shown), 1 dropped (path not in the diff, or line 0), 1 merged with a builtin finding",
      );
    });

    it("always shows files, tokens and cache hits, and leaves out findings clauses that are zero", () => {
      const coverage = on({
        filesReviewed: [],
        filesSkipped: [],
        tokensIn: 0,
        tokensOut: 0,
        chunks: 0,
        cacheHits: 0,
        movedToSummary: 0,
        dropped: 0,
        merged: 2,
      });

      expect(renderLlmCoverage(coverage).line).toBe(
        "**LLM review** (`openai-compatible:fake-model`): 0 of 0 files reviewed · 0 tokens in, 0 out · 0 of 0 hunks from the cache · 2 findings merged with a builtin finding",
      );
    });

    it("says how many answers a repair request fixed", () => {
      const coverage = on({ movedToSummary: 0, dropped: 0, merged: 0, repaired: 1 });

      expect(renderLlmCoverage(coverage).line).toBe(
        "**LLM review** (`openai-compatible:fake-model`): 4 of 6 files reviewed · 12,345 tokens in, 678 out · 3 of 9 hunks from the cache · 1 answer repaired after invalid output",
      );
    });

    it("names the files it reviewed", () => {
      const { reviewed } = renderLlmCoverage(on({ filesReviewed: ["src/a.ts", "src/b_c.ts"] }));

      expect(reviewed.render(Number.POSITIVE_INFINITY)).toBe(
        "**LLM reviewed files (2):** `src/a.ts`, `src/b_c.ts`",
      );
    });

    it("names the first 20 reviewed files and counts the rest, shorter when its budget is", () => {
      const files = Array.from({ length: 25 }, (_, i) => `src/f${String(i).padStart(2, "0")}.ts`);
      const { reviewed } = renderLlmCoverage(on({ filesReviewed: files }));

      const names = files.slice(0, 20).map((f) => `\`${f}\``);
      expect(reviewed.render(Number.POSITIVE_INFINITY)).toBe(
        `**LLM reviewed files (25):** ${names.join(", ")}, … and 5 more`,
      );
      const short = reviewed.render(80);
      expect(short).toBe("**LLM reviewed files (25):** `src/f00.ts`, `src/f01.ts`, … and 23 more");
      expect(short.length).toBeLessThanOrEqual(80);
    });

    it("names no file when it reviewed none, or was off", () => {
      expect(renderLlmCoverage(on({ filesReviewed: [] })).reviewed.need).toBe(0);
      expect(renderLlmCoverage({ state: "off", reason: "x" }).reviewed.need).toBe(0);
    });

    it("lists the files it skipped with the reason and its detail", () => {
      const { skipped } = renderLlmCoverage(on());

      expect(skipped.render(Number.POSITIVE_INFINITY)).toBe(
        [
          "**LLM skipped files (2)**",
          "",
          "- `src/big.ts` — budget (max\\_input\\_tokens 20,000 reached)",
          "- `logo.png` — binary",
        ].join("\n"),
      );
    });

    it("shortens the list to its budget and counts what it left out", () => {
      const files = Array.from({ length: 500 }, (_, i) => ({
        path: `src/file-${i}.ts`,
        reason: "budget" as const,
        detail: "max_input_tokens 20,000 reached",
      }));
      const { skipped } = renderLlmCoverage(on({ filesSkipped: files }));

      const text = skipped.render(1_000);

      expect(text.length).toBeLessThanOrEqual(1_000);
      const shown = text.split("\n").filter((l) => l.startsWith("- `")).length;
      expect(text).toContain(`- _… ${500 - shown} more LLM skipped files not shown._`);
      expect(shown).toBeGreaterThan(0);
    });

    it("escapes the model, paths and details it did not write", () => {
      const coverage = on({
        model: "openai:`gpt`",
        filesSkipped: [
          { path: "a`b.ts", reason: "engine error", detail: "<img src=x> @octocat *boom*" },
        ],
      });

      const rendered = renderLlmCoverage(coverage);

      expect(rendered.line).toContain("(`` openai:`gpt` ``)");
      expect(rendered.skipped.render(Number.POSITIVE_INFINITY)).toContain(
        "- ``a`b.ts`` — engine error (&lt;img src=x&gt; @\u200Doctocat \\*boom\\*)",
      );
    });
  });

  describe("when the engine is off", () => {
    it("says so in one line, with why, and lists nothing", () => {
      const rendered = renderLlmCoverage({ state: "off", reason: "no provider configured" });

      expect(rendered.line).toBe("**LLM review:** off — no provider configured");
      expect(rendered.skipped.need).toBe(0);
    });
  });
});
