import type { LanguageModelV4GenerateResult } from "@ai-sdk/provider";
import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it, vi } from "vitest";
import { createLlmClient, MAX_REPAIR_ECHO_CHARS } from "../../../src/engines/llm/call-model.ts";
import { LlmOutputError } from "../../../src/engines/llm/llm-types.ts";
import { FINDING, llmSettings, VALID_TEXT } from "./provider-answers.ts";

const REQUEST = { system: "You review diffs.", prompt: "Review this diff." };

function generated(
  text: string,
  tokens: { in?: number; out?: number } = {},
  finish: "stop" | "length" = "stop",
): LanguageModelV4GenerateResult {
  return {
    content: text === "" ? [] : [{ type: "text", text }],
    finishReason: { unified: finish, raw: finish },
    usage: {
      inputTokens: {
        total: tokens.in,
        noCache: tokens.in,
        cacheRead: undefined,
        cacheWrite: undefined,
      },
      outputTokens: { total: tokens.out, text: tokens.out, reasoning: undefined },
    },
    warnings: [],
  };
}

function clientOver(model: MockLanguageModelV4) {
  return createLlmClient(llmSettings(), { model, sleep: async () => {} });
}

describe("engines/llm/createLlmClient repair (mock model)", () => {
  it("sends the invalid answer back once and returns the repaired findings", async () => {
    const model = new MockLanguageModelV4({
      doGenerate: [
        generated('{"findings": [{"path": "src/loop.ts"}]}', { in: 100, out: 10 }),
        generated(VALID_TEXT, { in: 120, out: 40 }),
      ],
    });

    const answer = await clientOver(model).review(REQUEST);

    expect(answer).toEqual({
      findings: [FINDING],
      tokensIn: 220,
      tokensOut: 50,
      repaired: true,
      requests: 2,
    });
    expect(model.doGenerateCalls).toHaveLength(2);
    const repairPrompt = model.doGenerateCalls[1].prompt;
    expect(repairPrompt.map((message) => message.role)).toEqual([
      "system",
      "user",
      "assistant",
      "user",
    ]);
    expect(JSON.stringify(repairPrompt[2])).toContain('\\"path\\": \\"src/loop.ts\\"');
    expect(JSON.stringify(repairPrompt[3])).toContain("findings.0.line");
    expect(model.doGenerateCalls[1].responseFormat).toMatchObject({ type: "json" });
    expect(model.doGenerateCalls[1].tools).toBeUndefined();
  });

  it("clips a huge invalid answer before echoing it", async () => {
    const huge = `not json ${"x".repeat(50_000)}`;
    const model = new MockLanguageModelV4({
      doGenerate: [generated(huge), generated(VALID_TEXT)],
    });

    await clientOver(model).review(REQUEST);

    const echoed = model.doGenerateCalls[1].prompt[2];
    const text =
      echoed.role === "assistant" && echoed.content[0]?.type === "text"
        ? echoed.content[0].text
        : "";
    expect(text).toHaveLength(MAX_REPAIR_ECHO_CHARS);
    expect(huge.startsWith(text)).toBe(true);
  });

  it("treats an empty answer cut by the token limit as invalid output", async () => {
    const model = new MockLanguageModelV4({
      doGenerate: [
        generated("", { in: 5, out: 4096 }, "length"),
        generated("", { in: 5, out: 4096 }, "length"),
      ],
    });

    const error = await clientOver(model)
      .review(REQUEST)
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(LlmOutputError);
    expect((error as Error).message).toContain("finish reason: length");
    expect(error).toMatchObject({ tokensIn: 10, tokensOut: 8192 });
    expect(model.doGenerateCalls).toHaveLength(2);
  });

  it("counts no tokens when the provider reports none", async () => {
    const model = new MockLanguageModelV4({ doGenerate: [generated(VALID_TEXT)] });

    const answer = await clientOver(model).review(REQUEST);

    expect(answer).toMatchObject({ tokensIn: 0, tokensOut: 0, requests: 1, repaired: false });
  });
  it("rethrows the caller's abort while a request is in flight, and does not retry", async () => {
    let calls = 0;
    const model = new MockLanguageModelV4({
      doGenerate: ({ abortSignal }) => {
        calls++;
        // A provider that has not answered yet: it gives up only when the request is aborted.
        return new Promise((_, reject) => {
          abortSignal?.addEventListener("abort", () => reject(abortSignal.reason), { once: true });
        });
      },
    });
    const waits: number[] = [];
    const controller = new AbortController();
    const reason = new Error("pass cancelled");
    const review = createLlmClient(llmSettings(), {
      model,
      sleep: async (ms) => {
        waits.push(ms);
      },
    }).review(REQUEST, controller.signal);
    await vi.waitFor(() => expect(calls).toBe(1));

    controller.abort(reason);

    await expect(review).rejects.toBe(reason);
    expect(calls).toBe(1);
    expect(waits).toEqual([]);
  });
});
