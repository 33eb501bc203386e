import { afterEach, describe, expect, it } from "vitest";
import {
  chatRequests,
  type FakeLlm,
  modelFinding,
  promptTokensFor,
  startFakeLlm,
  systemText,
  userText,
} from "./fake-llm-server.ts";

const REQUEST = {
  model: "qwen2.5-coder",
  messages: [
    { role: "system", content: "You review code." },
    { role: "user", content: [{ type: "text", text: "```diff\n+const x = 1;\n```" }] },
  ],
  response_format: { type: "json_schema", json_schema: { name: "findings", schema: {} } },
};

/** The fields of an answer these tests read. */
interface Answer {
  object: string;
  model: string;
  choices: Array<{ finish_reason: string; message: { role: string; content: string } }>;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  error: { message: string };
}

async function post(fake: FakeLlm, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${fake.baseUrl}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer sk-test-1", ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Answer };
}

describe("test/support/fake-llm-server", () => {
  let fake: FakeLlm | undefined;
  afterEach(() => fake?.close());

  it("answers a chat completion with no findings by default, and records the request", async () => {
    fake = await startFakeLlm();

    const { status, json } = await post(fake, REQUEST);

    expect(status).toBe(200);
    expect(json.object).toBe("chat.completion");
    expect(json.model).toBe("qwen2.5-coder");
    expect(json.choices[0]!.finish_reason).toBe("stop");
    expect(json.choices[0]!.message.role).toBe("assistant");
    expect(JSON.parse(json.choices[0]!.message.content)).toEqual({ findings: [] });
    const [recorded] = fake.requests;
    expect(recorded?.method).toBe("POST");
    expect(recorded?.path).toBe("/v1/chat/completions");
    expect(recorded?.headers.authorization).toBe("Bearer sk-test-1");
    expect(recorded?.rawBody.toString()).toBe(JSON.stringify(REQUEST));
    expect(recorded?.json?.model).toBe("qwen2.5-coder");
  });

  it("reports prompt tokens as a function of the body's length", async () => {
    fake = await startFakeLlm();

    const { json } = await post(fake, REQUEST);

    const bytes = Buffer.byteLength(JSON.stringify(REQUEST));
    expect(json.usage.prompt_tokens).toBe(promptTokensFor(bytes));
    expect(json.usage.total_tokens).toBe(json.usage.prompt_tokens + json.usage.completion_tokens);
    expect(json.usage.completion_tokens).toBeGreaterThan(0);
  });

  it("answers the findings the responder returns, with the request's index", async () => {
    const finding = modelFinding({ path: "src/a.ts", line: 3, title: "Off by one" });
    const indexes: number[] = [];
    fake = await startFakeLlm({
      respond: (_request, index) => {
        indexes.push(index);
        return { findings: index === 1 ? [finding] : [] };
      },
    });

    await post(fake, REQUEST);
    const { json } = await post(fake, REQUEST);

    expect(indexes).toEqual([0, 1]);
    expect(JSON.parse(json.choices[0]!.message.content)).toEqual({ findings: [finding] });
    expect(finding).toMatchObject({ side: "RIGHT", start_line: null, suggestion: null });
  });

  it("answers raw content as is, and errors with status, headers and message", async () => {
    fake = await startFakeLlm({ respond: () => ({ content: "{not json" }) });
    const invalid = await post(fake, REQUEST);
    fake.setResponder(() => ({
      status: 429,
      headers: { "retry-after": "1" },
      content: "slow down",
    }));

    const response = await fetch(`${fake.baseUrl}/chat/completions`, {
      method: "POST",
      body: JSON.stringify(REQUEST),
    });

    expect(invalid.json.choices[0]!.message.content).toBe("{not json");
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(((await response.json()) as Answer).error.message).toBe("slow down");
  });

  it("reads the user and the system text out of a request, and filters chat requests", async () => {
    fake = await startFakeLlm();

    await post(fake, REQUEST);
    await fetch(`${fake.baseUrl}/models`);

    expect(fake.requests).toHaveLength(2);
    const chats = chatRequests(fake.requests);
    expect(chats).toHaveLength(1);
    expect(userText(chats[0]!)).toBe("```diff\n+const x = 1;\n```");
    expect(systemText(chats[0]!)).toBe("You review code.");
  });
});
