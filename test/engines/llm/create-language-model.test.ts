import nock from "nock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createLlmClient } from "../../../src/engines/llm/call-model.ts";
import { createLanguageModel } from "../../../src/engines/llm/create-language-model.ts";
import { llmSettings, openAiCompletion, VALID_TEXT } from "./provider-answers.ts";

describe("engines/llm/createLanguageModel", () => {
  beforeEach(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it.each(["openai", "anthropic"] as const)(
    "refuses %s without REVIEWLOOP_LLM_API_KEY even when the SDK's own variable is set",
    (provider) => {
      vi.stubEnv("OPENAI_API_KEY", "sk-from-the-environment-0000");
      vi.stubEnv("ANTHROPIC_API_KEY", "sk-ant-from-the-environment-0000");

      expect(() => createLanguageModel(llmSettings({ provider, apiKey: undefined }))).toThrow(
        /REVIEWLOOP_LLM_API_KEY/,
      );
    },
  );

  it("refuses openai-compatible without REVIEWLOOP_LLM_BASE_URL", () => {
    expect(() =>
      createLanguageModel(llmSettings({ provider: "openai-compatible", baseUrl: undefined })),
    ).toThrow(/REVIEWLOOP_LLM_BASE_URL/);
  });

  it("ignores OPENAI_BASE_URL from the environment", async () => {
    vi.stubEnv("OPENAI_BASE_URL", "http://elsewhere.invalid/v1");
    const scope = nock("https://api.openai.com")
      .post("/v1/chat/completions")
      .reply(200, openAiCompletion(VALID_TEXT));

    await createLlmClient(llmSettings()).review({ system: "s", prompt: "p" });

    expect(scope.isDone()).toBe(true);
  });

  it("sends to the configured base URL", async () => {
    const scope = nock("https://gateway.example.com")
      .post("/openai/v1/chat/completions")
      .reply(200, openAiCompletion(VALID_TEXT));

    await createLlmClient(llmSettings({ baseUrl: "https://gateway.example.com/openai/v1" })).review(
      { system: "s", prompt: "p" },
    );

    expect(scope.isDone()).toBe(true);
  });
});
