import { setTimeout as delay } from "node:timers/promises";
import {
  APICallError,
  generateText,
  JSONParseError,
  type LanguageModel,
  type LanguageModelUsage,
  type ModelMessage,
  NoObjectGeneratedError,
  NoOutputGeneratedError,
  Output,
  TypeValidationError,
} from "ai";
import { createLanguageModel } from "./create-language-model.ts";
import { type ModelOutput, modelOutputSchema } from "./llm-output-schema.ts";
import {
  type LlmClient,
  LlmOutputError,
  LlmRequestError,
  type LlmSettings,
  type ModelAnswer,
  type ModelRequest,
  modelLabel,
} from "./llm-types.ts";
import { redactSecret } from "./redact-secret.ts";
import { retryDelayMs } from "./retry-delay.ts";

/** How much of an invalid answer is sent back to the model in the repair request. */
export const MAX_REPAIR_ECHO_CHARS = 20_000;
/** Statuses worth another try; every other 4xx fails at once. */
const RETRYABLE_STATUSES = new Set([408, 429]);
const MAX_REASON_CHARS = 300;
const MAX_MESSAGE_CHARS = 1_000;

/** Seams for tests: the model (else built from the settings), the wait between retries, the clock. */
export interface LlmClientOptions {
  model?: LanguageModel;
  /** Resolves after `ms`; rejects when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Epoch ms, for `retry-after` HTTP dates. */
  now?: () => number;
}

/** Counts over every request of one `review` call. */
interface Tally {
  requests: number;
  tokensIn: number;
  tokensOut: number;
}

type Answer = { valid: true; output: ModelOutput } | { valid: false; text: string; reason: string };

/** The longest answer one request may produce, in tokens. */
export const MAX_OUTPUT_TOKENS = 8192;

/**
 * The `LlmClient` over the AI SDK: one structured-output request per chunk (temperature 0, no
 * tools), our own retries (the SDK's are off) for 429 / 408 / 5xx / timeouts / network errors,
 * and one repair request when the answer is not valid JSON for the schema. Each retry and the
 * repair get a fresh `timeoutMs`; the retry budget applies to the first request and to the repair
 * request separately. Thrown messages never contain the API key and carry no `cause`.
 */
export function createLlmClient(settings: LlmSettings, options: LlmClientOptions = {}): LlmClient {
  const model = options.model ?? createLanguageModel(settings);
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const label = modelLabel(settings);
  const redact = (text: string) => redactSecret(text, settings.apiKey);

  async function send(
    request: ModelRequest,
    input: { prompt: string } | { messages: ModelMessage[] },
    tally: Tally,
    signal: AbortSignal | undefined,
  ): Promise<Answer> {
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      const timeout = AbortSignal.timeout(settings.timeoutMs);
      tally.requests++;
      let failure: Failure;
      try {
        const result = await generateText({
          model,
          system: request.system,
          ...input,
          output: Output.object({ schema: modelOutputSchema }),
          maxRetries: 0,
          temperature: 0,
          // Findings for one chunk fit easily; a runaway answer stops here (and is repaired once).
          maxOutputTokens: MAX_OUTPUT_TOKENS,
          abortSignal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
        });
        addUsage(tally, result.usage);
        return readOutput(result);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (NoObjectGeneratedError.isInstance(error)) {
          addUsage(tally, error.usage);
          return { valid: false, text: error.text ?? "", reason: describeInvalidOutput(error) };
        }
        failure = classify(error, timeout.aborted, settings.timeoutMs);
      }
      if (!failure.retryable || attempt > settings.maxRetries) {
        const attempts = attempt === 1 ? "" : ` after ${attempt} attempts`;
        throw new LlmRequestError(
          clip(redact(`${label} request failed${attempts}: ${failure.reason}`), MAX_MESSAGE_CHARS),
          failure.status,
        );
      }
      try {
        await sleep(retryDelayMs(attempt, failure.headers, now()), signal);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        throw error;
      }
    }
  }

  return {
    model: label,
    async review(request, signal): Promise<ModelAnswer> {
      const tally: Tally = { requests: 0, tokensIn: 0, tokensOut: 0 };
      const first = await send(request, { prompt: request.prompt }, tally, signal);
      if (first.valid) return answer(first.output, tally, false);

      const messages = repairMessages(request.prompt, first.text, first.reason);
      const second = await send(request, { messages }, tally, signal);
      if (second.valid) return answer(second.output, tally, true);
      throw new LlmOutputError(
        clip(
          redact(`invalid output after one repair attempt: ${second.reason}`),
          MAX_MESSAGE_CHARS,
        ),
        tally.tokensIn,
        tally.tokensOut,
      );
    },
  };
}

/**
 * The conversation of the repair request: the prompt, the invalid answer (clipped), and what was
 * wrong with it.
 */
export function repairMessages(
  prompt: string,
  invalidText: string,
  reason: string,
): ModelMessage[] {
  const echoed = invalidText.trim() === "" ? "(empty answer)" : invalidText;
  return [
    { role: "user", content: prompt },
    { role: "assistant", content: echoed.slice(0, MAX_REPAIR_ECHO_CHARS) },
    {
      role: "user",
      content: `That answer was not valid JSON for the schema: ${reason}. Reply again with only the JSON object.`,
    },
  ];
}

function readOutput(result: { output: ModelOutput; text: string; finishReason: string }): Answer {
  try {
    return { valid: true, output: result.output };
  } catch (error) {
    // No text to parse (a `length` or `content-filter` stop): as invalid as unparsable JSON.
    if (!NoOutputGeneratedError.isInstance(error)) throw error;
    return {
      valid: false,
      text: result.text,
      reason: `no answer to parse (finish reason: ${result.finishReason})`,
    };
  }
}

function answer(output: ModelOutput, tally: Tally, repaired: boolean): ModelAnswer {
  return {
    findings: output.findings,
    tokensIn: tally.tokensIn,
    tokensOut: tally.tokensOut,
    repaired,
    requests: tally.requests,
  };
}

function addUsage(tally: Tally, usage: LanguageModelUsage | undefined): void {
  tally.tokensIn += usage?.inputTokens ?? 0;
  tally.tokensOut += usage?.outputTokens ?? 0;
}

/** Why an answer was rejected, short enough for the repair request and an error message. */
function describeInvalidOutput(error: NoObjectGeneratedError): string {
  const cause = error.cause;
  if (JSONParseError.isInstance(cause)) {
    // The parser's own message quotes the whole text; its cause (the SyntaxError) is short.
    const detail = cause.cause instanceof Error ? `: ${cause.cause.message}` : "";
    return clip(`not parsable as JSON${detail}`, MAX_REASON_CHARS);
  }
  if (TypeValidationError.isInstance(cause)) {
    const issues = issuesOf(cause.cause);
    if (issues.length > 0)
      return clip(`does not match the schema: ${issues.join("; ")}`, MAX_REASON_CHARS);
    return "does not match the schema";
  }
  return clip(error.message, MAX_REASON_CHARS);
}

function issuesOf(cause: unknown): string[] {
  const list = Array.isArray(cause)
    ? cause
    : typeof cause === "object" &&
        cause !== null &&
        Array.isArray((cause as { issues?: unknown }).issues)
      ? (cause as { issues: unknown[] }).issues
      : [];
  return list.slice(0, 3).map((issue) => {
    const { path, message } = (issue ?? {}) as { path?: unknown; message?: unknown };
    const where = Array.isArray(path) && path.length > 0 ? `${path.map(String).join(".")}: ` : "";
    return `${where}${typeof message === "string" ? message : "invalid"}`;
  });
}

/** One failed request, as the retry loop sees it. */
interface Failure {
  retryable: boolean;
  reason: string;
  status?: number;
  headers?: Record<string, string>;
}

function classify(error: unknown, timedOut: boolean, timeoutMs: number): Failure {
  if (timedOut) return { retryable: true, reason: `timeout: no answer within ${timeoutMs} ms` };
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    if (status === undefined) {
      return { retryable: error.isRetryable, reason: `network error: ${error.message}` };
    }
    return {
      retryable: RETRYABLE_STATUSES.has(status) || status >= 500,
      reason: `HTTP ${status}: ${error.message}`,
      status,
      headers: error.responseHeaders,
    };
  }
  return { retryable: false, reason: error instanceof Error ? error.message : String(error) };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

async function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  await delay(ms, undefined, { signal });
}
