import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModel } from "ai";
import type { LlmSettings } from "./llm-types.ts";

/**
 * The providers' own endpoints. Passed explicitly: left undefined, the SDK reads
 * `OPENAI_BASE_URL` / `ANTHROPIC_BASE_URL` from the environment, and only `REVIEWLOOP_LLM_*`
 * may configure reviewloop.
 */
const OPENAI_BASE_URL = "https://api.openai.com/v1";
const ANTHROPIC_BASE_URL = "https://api.anthropic.com/v1";

/** Options for tests: the fetch the provider sends its requests with. */
export interface CreateLanguageModelOptions {
  fetch?: typeof fetch;
}

/**
 * The AI SDK model for the operator's settings: OpenAI's chat completions, Anthropic's messages
 * API, or any OpenAI-compatible chat completions endpoint (structured outputs on). The key and
 * the base URL come from `settings` only; a missing one throws a message naming the
 * `REVIEWLOOP_LLM_*` variable instead of letting the SDK fall back to `OPENAI_API_KEY` & co.
 */
export function createLanguageModel(
  settings: LlmSettings,
  options: CreateLanguageModelOptions = {},
): LanguageModel {
  switch (settings.provider) {
    case "openai":
      return createOpenAI({
        apiKey: requireKey(settings),
        baseURL: settings.baseUrl ?? OPENAI_BASE_URL,
        fetch: options.fetch,
      }).chat(settings.model);
    case "anthropic":
      return createAnthropic({
        apiKey: requireKey(settings),
        baseURL: settings.baseUrl ?? ANTHROPIC_BASE_URL,
        fetch: options.fetch,
      }).messages(settings.model);
    case "openai-compatible":
      if (settings.baseUrl === undefined || settings.baseUrl.trim() === "") {
        throw new Error(
          "REVIEWLOOP_LLM_BASE_URL is required for the openai-compatible provider (e.g. http://localhost:11434/v1)",
        );
      }
      return createOpenAICompatible({
        name: "openai-compatible",
        baseURL: settings.baseUrl,
        // Local servers often need no key: without one no Authorization header is sent.
        apiKey: settings.apiKey,
        supportsStructuredOutputs: true,
        fetch: options.fetch,
      }).chatModel(settings.model);
  }
}

function requireKey(settings: LlmSettings): string {
  if (settings.apiKey === undefined || settings.apiKey.trim() === "") {
    throw new Error(`REVIEWLOOP_LLM_API_KEY is required for the ${settings.provider} provider`);
  }
  return settings.apiKey;
}
