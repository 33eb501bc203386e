import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLlmClient } from "../../../src/engines/llm/call-model.ts";
import {
  LlmOutputError,
  LlmRequestError,
  type LlmSettings,
} from "../../../src/engines/llm/llm-types.ts";
import {
  anthropicTextMessage,
  anthropicToolMessage,
  FINDING,
  llmSettings,
  openAiCompletion,
  openAiError,
  VALID_TEXT,
} from "./provider-answers.ts";

const OPENAI = "https://api.openai.com";
const ANTHROPIC = "https://api.anthropic.com";
const REQUEST = { system: "You review diffs.", prompt: "Review this diff:\n+for (i <= n)" };
const KEY = llmSettings().apiKey as string;

/**
 * A reply that never comes. nock's `.delay()` sends the headers at once and delays the body;
 * aborting fetch mid-body then trips an undici assertion inside the interceptor, so a request that
 * outlives its timeout is a reply function that never settles.
 */
const neverAnswers = () => new Promise<[number, string]>(() => {});

interface ChatBody {
  model: string;
  temperature?: number;
  tools?: unknown;
  response_format?: { type: string; json_schema: { strict: boolean; schema: unknown } };
  messages: Array<{ role: string; content: unknown }>;
}

describe("engines/llm/createLlmClient", () => {
  let waits: number[];
  let bodies: ChatBody[];

  beforeEach(() => {
    nock.disableNetConnect();
    waits = [];
    bodies = [];
  });
  afterEach(() => {
    nock.abortPendingRequests();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  function client(overrides: Partial<LlmSettings> = {}) {
    return createLlmClient(llmSettings(overrides), {
      sleep: async (ms) => {
        waits.push(ms);
      },
      now: () => Date.parse("2025-06-01T12:00:00Z"),
    });
  }

  /** Records each request body, so tests can count and read what was sent. */
  function record(body: ChatBody): boolean {
    bodies.push(body);
    return true;
  }

  function openAi() {
    return nock(OPENAI).post("/v1/chat/completions", record);
  }

  describe("against OpenAI's chat completions", () => {
    it("parses the finding and reports the provider's usage", async () => {
      const scope = openAi()
        .matchHeader("authorization", `Bearer ${KEY}`)
        .reply(200, openAiCompletion(VALID_TEXT, { prompt: 812, completion: 96 }));

      const answer = await client().review(REQUEST);

      expect(answer).toEqual({
        findings: [FINDING],
        tokensIn: 812,
        tokensOut: 96,
        repaired: false,
        requests: 1,
      });
      expect(scope.isDone()).toBe(true);
    });

    it("asks for the JSON schema strictly, at temperature 0, with no tools", async () => {
      openAi().reply(200, openAiCompletion(VALID_TEXT));

      await client().review(REQUEST);

      const [body] = bodies;
      expect(body.model).toBe("gpt-4.1-mini");
      expect(body.temperature).toBe(0);
      expect(body.tools).toBeUndefined();
      expect(body.response_format?.type).toBe("json_schema");
      expect(body.response_format?.json_schema.strict).toBe(true);
      expect(body.response_format?.json_schema.schema).toMatchObject({
        type: "object",
        required: ["findings"],
        properties: { findings: { type: "array" } },
      });
      expect(body.messages).toEqual([
        { role: "system", content: REQUEST.system },
        { role: "user", content: REQUEST.prompt },
      ]);
    });
  });

  describe("against Anthropic's messages API", () => {
    const anthropic = {
      provider: "anthropic" as const,
      apiKey: "sk-ant-api03-TESTkeyABCDEF0123456789",
    };

    it("parses a finding from native structured output (output_config)", async () => {
      let sent: Record<string, unknown> = {};
      const scope = nock(ANTHROPIC)
        .post("/v1/messages", (body) => {
          sent = body;
          return true;
        })
        .matchHeader("x-api-key", anthropic.apiKey)
        .reply(200, anthropicTextMessage(VALID_TEXT));

      const answer = await client({ ...anthropic, model: "claude-sonnet-4-5" }).review(REQUEST);

      expect(answer.findings).toEqual([FINDING]);
      expect(answer.tokensIn).toBe(1_204);
      expect(answer.tokensOut).toBe(131);
      expect(sent.output_config).toMatchObject({ format: { type: "json_schema" } });
      expect(sent.tools).toBeUndefined();
      expect(sent.system).toEqual([{ type: "text", text: REQUEST.system }]);
      expect(scope.isDone()).toBe(true);
    });

    it("parses a finding from the json tool older models answer through", async () => {
      let sent: Record<string, unknown> = {};
      nock(ANTHROPIC)
        .post("/v1/messages", (body) => {
          sent = body;
          return true;
        })
        .reply(200, anthropicToolMessage({ findings: [FINDING] }));

      const answer = await client({ ...anthropic, model: "claude-3-5-haiku-latest" }).review(
        REQUEST,
      );

      expect(answer.findings).toEqual([FINDING]);
      expect(sent.tools).toMatchObject([{ name: "json" }]);
    });
  });

  describe("against an OpenAI-compatible server", () => {
    it("posts to the configured base URL without a key and parses the finding", async () => {
      const scope = nock("http://llm.local", { badheaders: ["authorization"] })
        .post("/v1/chat/completions", record)
        .reply(200, openAiCompletion(VALID_TEXT));

      const answer = await client({
        provider: "openai-compatible",
        model: "qwen2.5-coder",
        baseUrl: "http://llm.local/v1",
        apiKey: undefined,
      }).review(REQUEST);

      expect(answer.findings).toEqual([FINDING]);
      expect(bodies[0].response_format?.type).toBe("json_schema");
      expect(bodies[0].tools).toBeUndefined();
      expect(scope.isDone()).toBe(true);
    });
  });

  describe("when the answer is not valid for the schema", () => {
    const INVALID = "Sure! Here are the findings: {findings: [";

    it("repairs it with one more request that shows the model its answer", async () => {
      openAi().reply(200, openAiCompletion(INVALID, { prompt: 800, completion: 20 }));
      openAi().reply(200, openAiCompletion(VALID_TEXT, { prompt: 850, completion: 90 }));

      const answer = await client().review(REQUEST);

      expect(answer.findings).toEqual([FINDING]);
      expect(answer).toMatchObject({
        repaired: true,
        requests: 2,
        tokensIn: 1_650,
        tokensOut: 110,
      });
      expect(bodies).toHaveLength(2);
      const [prompt, echoed, instruction] = bodies[1].messages.slice(1);
      expect(prompt).toEqual({ role: "user", content: REQUEST.prompt });
      expect(echoed).toEqual({ role: "assistant", content: INVALID });
      expect(instruction.role).toBe("user");
      expect(instruction.content).toMatch(
        /^That answer was not valid JSON for the schema: .+\. Reply again with only the JSON object\.$/,
      );
    });

    it("names the schema violation in the repair request", async () => {
      const wrongType = JSON.stringify({ findings: [{ ...FINDING, line: "twelve" }] });
      openAi().reply(200, openAiCompletion(wrongType));
      openAi().reply(200, openAiCompletion(VALID_TEXT));

      await client().review(REQUEST);

      const instruction = bodies[1].messages.at(-1)?.content as string;
      expect(instruction).toContain("findings.0.line");
    });

    it("gives up after the repair with LlmOutputError carrying both requests' tokens", async () => {
      openAi().reply(200, openAiCompletion(INVALID, { prompt: 800, completion: 20 }));
      openAi().reply(200, openAiCompletion("still {not json", { prompt: 850, completion: 7 }));
      openAi().reply(200, openAiCompletion(VALID_TEXT));

      const error = await client()
        .review(REQUEST)
        .catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(LlmOutputError);
      expect((error as LlmOutputError).message).toMatch(
        /^invalid output after one repair attempt: /,
      );
      expect(error).toMatchObject({ tokensIn: 1_650, tokensOut: 27 });
      expect(bodies).toHaveLength(2);
    });
  });

  describe("when the provider fails", () => {
    it("waits as long as retry-after says after a 429, then succeeds", async () => {
      openAi().reply(
        429,
        openAiError("Rate limit reached for gpt-4.1-mini", "requests", "rate_limit_exceeded"),
        { "retry-after": "2" },
      );
      openAi().reply(200, openAiCompletion(VALID_TEXT));

      const answer = await client().review(REQUEST);

      expect(waits).toEqual([2_000]);
      expect(answer).toMatchObject({ findings: [FINDING], requests: 2, repaired: false });
    });

    it("retries a 503 with backoff, then succeeds", async () => {
      openAi().reply(503, openAiError("The server is overloaded", "server_error"));
      openAi().reply(200, openAiCompletion(VALID_TEXT));

      const answer = await client().review(REQUEST);

      expect(waits).toEqual([1_000]);
      expect(answer.requests).toBe(2);
    });

    it("gives up after maxRetries retries with the last status", async () => {
      for (let i = 0; i < 3; i++) openAi().reply(500, openAiError("internal", "server_error"));

      const error = await client({ maxRetries: 2 })
        .review(REQUEST)
        .catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(LlmRequestError);
      expect(error).toMatchObject({ status: 500 });
      expect((error as Error).message).toContain("after 3 attempts");
      expect(waits).toEqual([1_000, 2_000]);
      expect(bodies).toHaveLength(3);
    });

    it("fails at once on a 400 with its status", async () => {
      openAi().reply(
        400,
        openAiError("Invalid schema for response_format 'response'", "invalid_request_error"),
      );
      openAi().reply(200, openAiCompletion(VALID_TEXT));

      const error = await client()
        .review(REQUEST)
        .catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(LlmRequestError);
      expect(error).toMatchObject({ status: 400 });
      expect((error as Error).message).toContain("Invalid schema for response_format");
      expect(bodies).toHaveLength(1);
      expect(waits).toEqual([]);
    });

    it("never shows the API key a 401 body echoes", async () => {
      openAi().reply(
        401,
        openAiError(
          `Incorrect API key provided: ${KEY}. You can find your API key at https://platform.openai.com/account/api-keys.`,
          "invalid_request_error",
          "invalid_api_key",
        ),
      );

      const error = await client()
        .review(REQUEST)
        .catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(LlmRequestError);
      expect(error).toMatchObject({ status: 401 });
      expect((error as Error).message).toContain("Incorrect API key provided: ***");
      expect(String(error)).not.toContain(KEY);
      expect((error as Error).stack).not.toContain(KEY);
      expect((error as Error).cause).toBeUndefined();
      expect(bodies).toHaveLength(1);
    });

    it("retries a request that outlives timeoutMs, then reports the timeout", async () => {
      openAi().reply(neverAnswers);
      openAi().reply(neverAnswers);

      const error = await client({ timeoutMs: 500, maxRetries: 1 })
        .review(REQUEST)
        .catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(LlmRequestError);
      expect((error as Error).message).toMatch(/after 2 attempts: timeout/);
      expect(bodies).toHaveLength(2);
      expect(waits).toEqual([1_000]);
    });
  });
});
