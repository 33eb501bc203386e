/**
 * Provider responses in the shapes the real APIs return (ids, usage blocks, finish reasons as
 * recorded from OpenAI's chat completions and Anthropic's messages API), for nock.
 */
import type { LlmSettings, ModelFinding } from "../../../src/engines/llm/llm-types.ts";

export const FINDING: ModelFinding = {
  path: "src/loop.ts",
  line: 12,
  start_line: null,
  side: "RIGHT",
  severity: "warning",
  category: "bugs",
  title: "Off-by-one in the loop bound",
  body: "`i <= items.length` reads one element past the end.",
  suggestion: "for (let i = 0; i < items.length; i++) {",
};

/** What the model would answer for one chunk with one finding, as JSON text. */
export const VALID_TEXT = JSON.stringify({ findings: [FINDING] });

export function llmSettings(overrides: Partial<LlmSettings> = {}): LlmSettings {
  return {
    provider: "openai",
    model: "gpt-4.1-mini",
    apiKey: "sk-proj-TESTkey0123456789abcdefXYZ",
    maxInputTokensCap: 20_000,
    concurrency: 2,
    timeoutMs: 5_000,
    maxRetries: 2,
    ...overrides,
  };
}

/** An OpenAI chat completion whose message content is `content`. */
export function openAiCompletion(content: string, usage = { prompt: 812, completion: 96 }) {
  return {
    id: "chatcmpl-BmX4KzQ1vYt8nR2pLw0aHfE3sJd9u",
    object: "chat.completion",
    created: 1_750_000_000,
    model: "gpt-4.1-mini-2025-04-14",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: "stop",
      },
    ],
    usage: {
      prompt_tokens: usage.prompt,
      completion_tokens: usage.completion,
      total_tokens: usage.prompt + usage.completion,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    },
    service_tier: "default",
    system_fingerprint: "fp_6f2eabb9a5",
  };
}

/** OpenAI's error body (the 401 echoes the key it was given). */
export function openAiError(message: string, type: string, code: string | null = null) {
  return { error: { message, type, param: null, code } };
}

/** An Anthropic message answering with text (native structured outputs, `output_config`). */
export function anthropicTextMessage(text: string) {
  return {
    id: "msg_01XFDUDYJgAACzvnptvVoYEL",
    type: "message",
    role: "assistant",
    model: "claude-sonnet-4-5-20250929",
    content: [{ type: "text", text }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: {
      input_tokens: 1_204,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: 131,
      service_tier: "standard",
    },
  };
}

/** An Anthropic message answering through the SDK's `json` tool (models without `output_config`). */
export function anthropicToolMessage(input: unknown) {
  return {
    id: "msg_013Zva2CMHLNnXjNJJKqJ2EF",
    type: "message",
    role: "assistant",
    model: "claude-3-5-haiku-20241022",
    content: [{ type: "tool_use", id: "toolu_01A09q90qw90lq917835lq9", name: "json", input }],
    stop_reason: "tool_use",
    stop_sequence: null,
    usage: { input_tokens: 990, output_tokens: 120 },
  };
}
