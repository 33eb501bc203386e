import type { Env } from "../../env.ts";
import type { LlmSettings } from "./llm-types.ts";

/**
 * The operator's LLM settings from the parsed environment, or undefined when no provider is
 * configured (the engine then reports itself off; that is not an error). `parseEnv` already
 * refused a provider without its model, base URL or key.
 */
export function llmSettingsFromEnv(llm: Env["llm"]): LlmSettings | undefined {
  if (llm.provider === undefined || llm.model === undefined) return undefined;
  return {
    provider: llm.provider,
    model: llm.model,
    ...(llm.baseUrl === undefined ? {} : { baseUrl: llm.baseUrl }),
    ...(llm.apiKey === undefined ? {} : { apiKey: llm.apiKey }),
    maxInputTokensCap: llm.maxInputTokens,
    concurrency: llm.concurrency,
    timeoutMs: llm.timeoutMs,
    maxRetries: llm.maxRetries,
  };
}
