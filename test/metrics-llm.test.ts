import { describe, expect, it } from "vitest";
import { createMetrics } from "../src/metrics.ts";

describe("metrics: the LLM engine's usage", () => {
  it("adds each pass's tokens, requests and chunks by model", async () => {
    const metrics = createMetrics(async () => ({ queued: 0, dead: 0 }));
    const usage = {
      model: "openai:gpt-x",
      tokensIn: 1200,
      tokensOut: 80,
      requests: 3,
      answered: 2,
      cacheHits: 5,
      failed: 1,
    };
    metrics.llmUsed(usage);
    metrics.llmUsed({ ...usage, tokensIn: 300 });

    const text = await metrics.render();
    expect(text).toContain('reviewloop_llm_tokens_total{model="openai:gpt-x",direction="in"} 1500');
    expect(text).toContain('reviewloop_llm_tokens_total{model="openai:gpt-x",direction="out"} 160');
    expect(text).toContain('reviewloop_llm_requests_total{model="openai:gpt-x"} 6');
    expect(text).toContain('reviewloop_llm_chunks_total{model="openai:gpt-x",source="cache"} 10');
    expect(text).toContain('reviewloop_llm_chunks_total{model="openai:gpt-x",source="model"} 4');
    expect(text).toContain('reviewloop_llm_errors_total{model="openai:gpt-x"} 2');
  });
});
