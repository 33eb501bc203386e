import type { LanguageModelV4GenerateResult } from "@ai-sdk/provider";
import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it } from "vitest";
import { buildRequests } from "../../../src/engines/llm/build-requests.ts";
import { createLlmClient } from "../../../src/engines/llm/call-model.ts";
import { createLlmReviewEngine } from "../../../src/engines/llm/llm-review-engine.ts";
import {
  type LlmClient,
  type LlmCoverage,
  LlmOutputError,
  type LlmUsage,
} from "../../../src/engines/llm/llm-types.ts";
import { prepareChunks } from "../../../src/engines/llm/prepare-chunks.ts";
import type { Finding } from "../../../src/review/finding.ts";
import { parseGitDiff } from "../../../src/review/parse-git-diff.ts";
import {
  addedFile,
  codeLines,
  fakeClient,
  llmConfig,
  memoryCache,
  modelFinding,
  SETTINGS,
  SILENT,
} from "./llm-engine-fixtures.ts";

const PR = { title: "Add the widget service", body: "Adds it." };

function engine(client: LlmClient = fakeClient(), cache = memoryCache()) {
  return createLlmReviewEngine({ settings: SETTINGS, cache, client, pr: PR, log: SILENT });
}

function on(coverage: LlmCoverage | undefined) {
  if (coverage?.state !== "on") throw new Error(`coverage is ${JSON.stringify(coverage)}`);
  return coverage;
}

describe("the LLM engine", () => {
  it("reports itself off without a provider, and when the repository turns it off", async () => {
    const files = [addedFile("src/a.ts", codeLines("a", 3))];
    const none = await createLlmReviewEngine({
      settings: undefined,
      cache: memoryCache(),
      client: fakeClient(),
      pr: PR,
      log: SILENT,
    }).review({
      files,
      config: llmConfig(),
    });
    expect(none.llmCoverage).toEqual({
      state: "off",
      reason: "no provider configured (`REVIEWLOOP_LLM_PROVIDER`)",
    });
    expect(none.errors).toEqual([]);
    expect(none.unreadPaths).toEqual(["src/a.ts"]);
    const client = fakeClient();
    const disabled = await engine(client).review({ files, config: llmConfig({ enabled: false }) });
    expect(disabled.llmCoverage).toEqual({
      state: "off",
      reason: "disabled by `engines.llm.enabled`",
    });
    expect(client.requests).toHaveLength(0);
  });

  it("turns a finding on a shown line into an llm finding, and one outside into a summary-only one", async () => {
    const client = fakeClient(() => [
      modelFinding({ path: "src/a.ts", line: 2 }),
      modelFinding({ path: "src/a.ts", line: 90, title: "Elsewhere" }),
    ]);
    const out = await engine(client).review({
      files: [addedFile("src/a.ts", codeLines("a", 5))],
      config: llmConfig(),
    });
    const findings = out.findings as Finding[];
    expect(findings).toHaveLength(2);
    expect(findings[0]).toMatchObject({ engine: "llm", path: "src/a.ts", line: 2, side: "RIGHT" });
    expect(findings[0]!.summaryOnly).toBeUndefined();
    expect(findings[1]).toMatchObject({ line: 90, summaryOnly: true });
    const coverage = on(out.llmCoverage);
    expect(coverage).toMatchObject({
      model: "openai-compatible:fake-model",
      filesReviewed: ["src/a.ts"],
      filesSkipped: [],
      tokensIn: 100,
      tokensOut: 10,
      cacheHits: 0,
      movedToSummary: 1,
      dropped: 0,
    });
    // The request carries the code and the PR's title, never as system instructions.
    expect(client.requests[0]!.prompt).toContain("a1 = compute");
    expect(client.requests[0]!.prompt).toContain(PR.title);
    expect(client.requests[0]!.system).not.toContain(PR.title);
  });

  it("stops at the budget: exact lists of reviewed and skipped files, in priority order", async () => {
    const files = [
      addedFile("docs/guide.md", codeLines("d", 30)),
      addedFile("test/a.test.ts", codeLines("t", 30)),
      addedFile("src/small.ts", codeLines("s", 5)),
      addedFile("src/big.ts", codeLines("b", 40)),
      addedFile("logo.png", []),
    ];
    files[4]!.binary = true;
    const config = llmConfig();
    const prepared = prepareChunks(files, config, "openai-compatible:fake-model");
    const requests = await buildRequests(prepared.files, new Map(), { pr: PR, concurrency: 1 });
    const tokens = (path: string) =>
      requests.filter((r) => r.path === path).reduce((n, r) => n + r.tokens, 0);
    // Room for both source files and nothing else.
    const budget = tokens("src/big.ts") + tokens("src/small.ts") + 1;
    const client = fakeClient();
    const out = await engine(client).review({
      files,
      config: llmConfig({ max_input_tokens: budget }),
    });
    const coverage = on(out.llmCoverage);
    expect(coverage.filesReviewed).toEqual(["src/big.ts", "src/small.ts"]);
    const reached = `max_input_tokens ${budget.toLocaleString("en-US")} reached`;
    expect(coverage.filesSkipped).toEqual([
      { path: "logo.png", reason: "binary" },
      { path: "test/a.test.ts", reason: "budget", detail: reached },
      { path: "docs/guide.md", reason: "budget", detail: reached },
    ]);
    expect(coverage.budgetUsed).toBe(budget - 1);
    expect(client.requests).toHaveLength(2);
    // Source first, the larger change first.
    expect(client.requests[0]!.prompt).toContain("src/big.ts");
    expect(out.unreadPaths).toEqual(["docs/guide.md", "test/a.test.ts"]);
  });

  it("the operator's cap wins over a larger repository budget", async () => {
    const client = fakeClient();
    const out = await createLlmReviewEngine({
      settings: { ...SETTINGS, maxInputTokensCap: 1000 },
      cache: memoryCache(),
      client,
      pr: PR,
      log: SILENT,
    }).review({
      files: [addedFile("src/big.ts", codeLines("b", 200))],
      config: llmConfig({ max_input_tokens: 500_000 }),
    });
    const coverage = on(out.llmCoverage);
    expect(coverage.budget).toBe(1000);
    expect(coverage.filesSkipped.map((s) => s.reason)).toEqual(["too large"]);
    expect(client.requests).toHaveLength(0);
  });

  it("answers a repeated pass from the cache, re-anchored where the hunk moved", async () => {
    const cache = memoryCache();
    const first = fakeClient((r) =>
      r.prompt.includes("src/m.ts") ? [modelFinding({ path: "src/m.ts", line: 12 })] : [],
    );
    const before = parseGitDiff(modified(10));
    const a = await engine(first, cache).review({ files: before, config: llmConfig() });
    expect((a.findings as Finding[]).map((f) => f.line)).toEqual([12]);
    expect(first.requests).toHaveLength(1);

    // The same hunk, 7 lines further down (lines were added above it in the base).
    const second = fakeClient(() => {
      throw new Error("must not be asked");
    });
    const b = await engine(second, cache).review({
      files: parseGitDiff(modified(17)),
      config: llmConfig(),
    });
    expect(second.requests).toHaveLength(0);
    expect((b.findings as Finding[]).map((f) => f.line)).toEqual([19]);
    expect(on(b.llmCoverage)).toMatchObject({ cacheHits: 1, tokensIn: 0, requests: 0 });

    // Another model misses the cache.
    const third = fakeClient();
    await createLlmReviewEngine({
      settings: { ...SETTINGS, model: "other" },
      cache,
      client: third,
      pr: PR,
      log: SILENT,
    }).review({ files: before, config: llmConfig() });
    expect(third.requests).toHaveLength(1);
  });

  it("a full pass after one hunk of a file changed sends only that hunk; the other's finding comes from the cache", async () => {
    const cache = memoryCache();
    // One finding per hunk, on its changed line.
    const answer = (r: { prompt: string }) => [
      ...(r.prompt.includes("alpha") ? [modelFinding({ path: "src/two.ts", line: 4 })] : []),
      ...(r.prompt.includes("omega")
        ? [modelFinding({ path: "src/two.ts", line: 41, title: "Omega overflows" })]
        : []),
    ];
    const first = fakeClient(answer);
    const a = await engine(first, cache).review({
      files: parseGitDiff(twoHunks(3, "x + 1", "y * 2")),
      config: llmConfig(),
    });
    expect(first.requests).toHaveLength(1);
    expect((a.findings as Finding[]).map((f) => f.line)).toEqual([4, 41]);

    // A force-push: alpha moved 2 lines down unchanged, omega's line changed.
    const second = fakeClient(answer);
    const b = await engine(second, cache).review({
      files: parseGitDiff(twoHunks(5, "x + 1", "y * 3")),
      config: llmConfig(),
    });
    expect(second.requests).toHaveLength(1);
    const prompt = second.requests[0]!.prompt;
    expect(prompt).toContain("41+  return y * 3;");
    expect(prompt).not.toContain("alpha");
    expect(prompt).not.toContain("x + 1");
    const findings = b.findings as Finding[];
    expect(findings.map((f) => [f.line, f.title, f.summaryOnly])).toEqual([
      [6, "Possible null dereference", undefined],
      [41, "Omega overflows", undefined],
    ]);
    expect(on(b.llmCoverage)).toMatchObject({ chunks: 2, cacheHits: 1, requests: 1 });
  });

  it("drops a finding on line 0 and keeps the answer's other findings", async () => {
    const text = JSON.stringify({
      findings: [
        modelFinding({ path: "src/a.ts", line: 2, title: "Real problem" }),
        modelFinding({ path: "src/a.ts", line: 0, start_line: 0, title: "Whole file" }),
      ],
    });
    const answer: LanguageModelV4GenerateResult = {
      content: [{ type: "text", text }],
      finishReason: { unified: "stop", raw: "stop" },
      usage: {
        inputTokens: { total: 100, noCache: 100, cacheRead: undefined, cacheWrite: undefined },
        outputTokens: { total: 10, text: 10, reasoning: undefined },
      },
      warnings: [],
    };
    const model = new MockLanguageModelV4({ doGenerate: [answer] });
    const client = createLlmClient(SETTINGS, { model, sleep: async () => {} });

    const out = await engine(client).review({
      files: [addedFile("src/a.ts", codeLines("a", 5))],
      config: llmConfig(),
    });

    expect(out.errors).toEqual([]);
    expect((out.findings as Finding[]).map((f) => [f.line, f.title])).toEqual([
      [2, "Real problem"],
    ]);
    expect(on(out.llmCoverage)).toMatchObject({ dropped: 1, repaired: 0, requests: 1 });
    expect(model.doGenerateCalls).toHaveLength(1);
  });

  it("sends a path's instructions only with the files its glob matches; changing them misses the cache", async () => {
    const withInstructions = (instructions: string) => {
      const config = llmConfig();
      return {
        ...config,
        review: { ...config.review, path_instructions: [{ path: "src/api/**", instructions }] },
      };
    };
    const files = [
      addedFile("src/api/orders.ts", codeLines("orders", 4)),
      addedFile("src/lib/util.ts", codeLines("util", 3)),
    ];
    const cache = memoryCache();
    const first = fakeClient();
    await engine(first, cache).review({
      files,
      config: withInstructions("Check authorization on every handler."),
    });
    const promptOf = (client: typeof first, path: string) =>
      client.requests.find((r) => r.prompt.includes(`+++ ${path}`))?.prompt;
    expect(promptOf(first, "src/api/orders.ts")).toContain(
      "- Check authorization on every handler.",
    );
    expect(promptOf(first, "src/lib/util.ts")).toBeDefined();
    expect(promptOf(first, "src/lib/util.ts")).not.toContain("Check authorization");
    expect(promptOf(first, "src/lib/util.ts")).not.toContain("Instructions for this path");

    const second = fakeClient();
    const out = await engine(second, cache).review({
      files,
      config: withInstructions("Check authorization and input validation on every handler."),
    });
    expect(second.requests).toHaveLength(1);
    expect(promptOf(second, "src/api/orders.ts")).toContain("input validation");
    expect(on(out.llmCoverage).cacheHits).toBe(1);
  });

  it("a failed request is an engine error naming the file; the other files still report", async () => {
    const client = fakeClient((r) =>
      r.prompt.includes("src/bad.ts")
        ? new LlmOutputError("invalid output after one repair attempt: not JSON", 50, 5)
        : [modelFinding({ path: "src/good.ts", line: 1 })],
    );
    const usages: LlmUsage[] = [];
    const out = await createLlmReviewEngine({
      settings: SETTINGS,
      cache: memoryCache(),
      client,
      pr: PR,
      log: SILENT,
      onUsage: (usage) => usages.push(usage),
    }).review({
      files: [
        addedFile("src/bad.ts", codeLines("x", 4)),
        addedFile("src/good.ts", codeLines("g", 3)),
      ],
      config: llmConfig(),
    });
    // The process's metrics hear what this pass cost.
    expect(usages).toEqual([
      {
        model: "openai-compatible:fake-model",
        tokensIn: 150,
        tokensOut: 15,
        requests: 3,
        answered: 1,
        cacheHits: 0,
        failed: 1,
      },
    ]);
    expect(out.errors).toEqual([
      { engine: "llm", message: "src/bad.ts: invalid output after one repair attempt: not JSON" },
    ]);
    expect((out.findings as Finding[]).map((f) => f.path)).toEqual(["src/good.ts"]);
    const coverage = on(out.llmCoverage);
    expect(coverage.filesReviewed).toEqual(["src/good.ts"]);
    expect(coverage.filesSkipped).toEqual([
      {
        path: "src/bad.ts",
        reason: "engine error",
        detail: "invalid output after one repair attempt: not JSON",
      },
    ]);
    expect(coverage.tokensIn).toBe(150);
    expect(out.unreadPaths).toEqual(["src/bad.ts"]);
  });
});

/** A modified file whose one hunk starts at line `start` (new numbering). */
function modified(start: number): string {
  const ctx = ["function total(items) {", "  let sum = 0;", "  for (const i of items) {"];
  return [
    "diff --git a/src/m.ts b/src/m.ts",
    "index 1111111..2222222 100644",
    "--- a/src/m.ts",
    "+++ b/src/m.ts",
    `@@ -${start},4 +${start},5 @@ export class Cart {`,
    ...ctx.map((l) => ` ${l}`),
    "-    sum += i.price;",
    "+    sum += i.price * i.quantity;",
    "+    if (i.discount) sum -= i.discount;",
    "",
  ].join("\n");
}

/** src/two.ts with a hunk at `alphaStart` (alpha's body `alpha`) and one at line 40 (`omega`). */
function twoHunks(alphaStart: number, alpha: string, omega: string): string {
  return [
    "diff --git a/src/two.ts b/src/two.ts",
    "index 1111111..2222222 100644",
    "--- a/src/two.ts",
    "+++ b/src/two.ts",
    `@@ -${alphaStart},3 +${alphaStart},3 @@`,
    " export function alpha(x: number): number {",
    "-  return x;",
    `+  return ${alpha};`,
    " }",
    "@@ -40,3 +40,3 @@",
    " export function omega(y: number): number {",
    "-  return y;",
    `+  return ${omega};`,
    " }",
    "",
  ].join("\n");
}
