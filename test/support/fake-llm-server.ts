/**
 * A loopback OpenAI-compatible chat-completions server for tests and the economy bench: it
 * records every request (method, path, headers, raw body, parsed JSON) and answers with a
 * recorded-shape `chat.completion` whose message content is the findings JSON a responder
 * chooses (or raw text, e.g. invalid JSON). Usage figures are deterministic functions of the
 * request and answer sizes, so a test can check the tokens the app reports.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the fake received. */
export interface RecordedLlmRequest {
  method: string;
  /** The path with its query string (`/v1/chat/completions`). */
  path: string;
  /** Header names lower-cased, as Node gives them. */
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as received. */
  rawBody: Buffer;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: ChatRequestBody | undefined;
}

/** The fields of an OpenAI chat-completions request body the tests read. */
export interface ChatRequestBody {
  model?: string;
  messages?: Array<{ role: string; content: unknown }>;
  response_format?: unknown;
  [key: string]: unknown;
}

/** What the fake answers to one request. */
export interface FakeLlmReply {
  /** HTTP status (default 200). A status ≥ 400 answers an OpenAI-style `{ error }` body. */
  status?: number;
  headers?: Record<string, string>;
  /** Findings for the answer's content (`{"findings": [...]}`); ignored when `content` is set. */
  findings?: unknown[];
  /** The message content as is (invalid JSON, say); for a status ≥ 400, the error message. */
  content?: string;
  /** Answer only once this settles (a request held open, e.g. while the app is killed). */
  after?: Promise<unknown>;
}

/** Chooses the reply to the `index`-th request (0-based, over the server's whole life). */
export type FakeLlmResponder = (request: RecordedLlmRequest, index: number) => FakeLlmReply;

/** A running fake. */
export interface FakeLlm {
  /** `http://127.0.0.1:<port>/v1`, for `REVIEWLOOP_LLM_BASE_URL`. */
  baseUrl: string;
  /** Every request received, in order. */
  requests: RecordedLlmRequest[];
  /** Replaces the responder for the requests from now on. */
  setResponder(respond: FakeLlmResponder): void;
  close(): Promise<void>;
}

/** The default responder: nothing worth reporting. */
export const noFindings: FakeLlmResponder = () => ({ findings: [] });

/** Prompt tokens the fake reports for a request body of `bytes` bytes: one per 4 bytes. */
export function promptTokensFor(bytes: number): number {
  return Math.ceil(bytes / 4);
}

/** Completion tokens the fake reports for message content of `bytes` bytes: one per 4 bytes. */
export function completionTokensFor(bytes: number): number {
  return Math.ceil(bytes / 4);
}

/** A finding in the model's output shape, with defaults for what a test does not care about. */
export function modelFinding(
  fields: { path: string; line: number } & Record<string, unknown>,
): Record<string, unknown> {
  return {
    start_line: null,
    side: "RIGHT",
    severity: "warning",
    category: "bugs",
    title: "A problem",
    body: "Explained.",
    suggestion: null,
    ...fields,
  };
}

/** Starts the fake on 127.0.0.1, port 0. */
export async function startFakeLlm(options: { respond?: FakeLlmResponder } = {}): Promise<FakeLlm> {
  const requests: RecordedLlmRequest[] = [];
  let respond = options.respond ?? noFindings;
  let created = 1_760_000_000;

  const server = createServer((request, response) => {
    readAll(request).then(
      (rawBody) => {
        const recorded: RecordedLlmRequest = {
          method: request.method ?? "GET",
          path: request.url ?? "/",
          headers: { ...request.headers },
          rawBody,
          json: parseJson(rawBody),
        };
        const index = requests.push(recorded) - 1;
        let reply: FakeLlmReply;
        try {
          reply = respond(recorded, index);
        } catch (error) {
          reply = { status: 500, content: `fake responder threw: ${String(error)}` };
        }
        const stamp = created++;
        if (reply.after === undefined) send(response, recorded, reply, stamp);
        else {
          const answer = () => {
            if (!response.destroyed) send(response, recorded, reply, stamp);
          };
          reply.after.then(answer, answer);
        }
      },
      () => response.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    setResponder(next) {
      respond = next;
    },
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function send(
  response: ServerResponse,
  request: RecordedLlmRequest,
  reply: FakeLlmReply,
  created: number,
): void {
  const status = reply.status ?? 200;
  const isChat = request.method === "POST" && /\/chat\/completions$/.test(request.path);
  let body: unknown;
  if (status >= 400) {
    body = {
      error: { message: reply.content ?? `HTTP ${status}`, type: "fake_error", code: null },
    };
  } else if (!isChat) {
    body = { error: { message: `no such route ${request.path}`, type: "not_found", code: null } };
  } else {
    const content = reply.content ?? JSON.stringify({ findings: reply.findings ?? [] });
    const promptTokens = promptTokensFor(request.rawBody.length);
    const completionTokens = completionTokensFor(Buffer.byteLength(content));
    body = {
      id: `chatcmpl-fake-${created}`,
      object: "chat.completion",
      created,
      model: request.json?.model ?? "fake-model",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content, refusal: null },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
      system_fingerprint: "fp_fake",
    };
  }
  const text = JSON.stringify(body);
  response.writeHead(status >= 400 || isChat ? status : 404, {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(text)),
    ...reply.headers,
  });
  response.end(text);
}

function readAll(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function parseJson(raw: Buffer): ChatRequestBody | undefined {
  try {
    const value: unknown = JSON.parse(raw.toString("utf8"));
    return value && typeof value === "object" ? (value as ChatRequestBody) : undefined;
  } catch {
    return undefined;
  }
}

/** A message's text: a string content, or the text parts of an array content. */
function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part) =>
        part && typeof part === "object" && typeof (part as { text?: unknown }).text === "string"
          ? (part as { text: string }).text
          : "",
      )
      .join("");
  }
  return "";
}

/** The text of the request's messages with `role`, joined by newlines ("" when none). */
export function messagesText(request: RecordedLlmRequest, role: string): string {
  return (request.json?.messages ?? [])
    .filter((message) => message.role === role)
    .map((message) => textOf(message.content))
    .join("\n");
}

/** The user message(s) of a recorded request: the chunk, the PR description, the instructions. */
export function userText(request: RecordedLlmRequest): string {
  return messagesText(request, "user");
}

/** The system message of a recorded request: the reviewer prompt. */
export function systemText(request: RecordedLlmRequest): string {
  return messagesText(request, "system");
}

/** The chat-completions requests among `requests` (what a review pass sent). */
export function chatRequests(requests: readonly RecordedLlmRequest[]): RecordedLlmRequest[] {
  return requests.filter((r) => r.method === "POST" && /\/chat\/completions$/.test(r.path));
}
