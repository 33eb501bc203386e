/**
 * Contracts of the LLM review engine (issue 11), shared by its pure core (chunking, prompt,
 * budget, output → findings), its I/O (the model client, the cache) and the orchestration in
 * `llm-review-engine.ts`. See docs/llm.md.
 */
import type { Hunk } from "../../review/diff-types.ts";
import type { Severity } from "../../review/finding.ts";

/** The providers an operator can configure (`REVIEWLOOP_LLM_PROVIDER`). */
export const LLM_PROVIDERS = ["openai", "anthropic", "openai-compatible"] as const;
export type LlmProvider = (typeof LLM_PROVIDERS)[number];

/** Bump when the prompt or the output schema changes: every cache entry keyed before is missed. */
export const PROMPT_VERSION = "1";

/** The operator's LLM settings (environment only; never the repository file). */
export interface LlmSettings {
  provider: LlmProvider;
  /** The provider's model id (`gpt-4.1-mini`, `claude-sonnet-4-5`, `qwen2.5-coder`). */
  model: string;
  /** Provider base URL (required for `openai-compatible`; optional for the others). */
  baseUrl?: string;
  /** Never logged, posted, stored or put in an error message (see `redactSecret`). */
  apiKey?: string;
  /** Operator cap on `engines.llm.max_input_tokens` (the repository may only lower it). */
  maxInputTokensCap: number;
  /** Requests in flight at once, per pass. */
  concurrency: number;
  /** One request's timeout, in ms (each attempt). */
  timeoutMs: number;
  /** Retries after a 429 / 5xx / timeout / network error (so attempts = retries + 1). */
  maxRetries: number;
}

/** `provider:model`, how the model is named in coverage and cache keys. */
export function modelLabel(settings: Pick<LlmSettings, "provider" | "model">): string {
  return `${settings.provider}:${settings.model}`;
}

/** Lines shown to the model, per side, ascending (what its findings may anchor to). */
export interface ShownLines {
  RIGHT: readonly number[];
  LEFT: readonly number[];
}

/**
 * Hunks of one file (or a slice of one large hunk) of the diff the pass gave the engine: one
 * request's worth, or a single hunk, the cache's unit. A hunk's cache key hashes what the model
 * reads, never line numbers, so a hunk that only moved is a cache hit whose findings are
 * re-anchored by `RIGHT`/`LEFT` offsets.
 */
export interface ReviewChunk {
  path: string;
  /** 1-based index of this chunk within its file, and the file's chunk count. */
  part: number;
  parts: number;
  hunks: Hunk[];
  shown: ShownLines;
  /** First shown line per side (0 when the side shows none): the base of cached offsets. */
  origin: { RIGHT: number; LEFT: number };
  /** sha256 hex of the content the model reads (line kinds and text, no numbers). */
  contentHash: string;
  /** Bytes of diff lines in the chunk (what changed, as the bench counts it). */
  diffBytes: number;
}

/** A finding as the model returns it (the zod output schema in `llm-output-schema.ts`). */
export interface ModelFinding {
  path: string;
  line: number;
  start_line?: number | null;
  side: "RIGHT" | "LEFT";
  severity: Severity;
  category: string;
  title: string;
  body: string;
  suggestion?: string | null;
}

/** One request to the model: the system prompt is the same for every request of a pass. */
export interface ModelRequest {
  system: string;
  prompt: string;
}

/** What one chunk's request produced. */
export interface ModelAnswer {
  findings: ModelFinding[];
  /** Provider-reported usage (both attempts when the answer was repaired). */
  tokensIn: number;
  tokensOut: number;
  /** The first answer was invalid and the repair attempt fixed it. */
  repaired: boolean;
  /** HTTP requests made (retries and the repair included). */
  requests: number;
}

/** The model behind the engine (`call-model.ts` over the AI SDK; fakes in tests). */
export interface LlmClient {
  /** `provider:model`. */
  readonly model: string;
  /**
   * One structured request with at most one repair attempt; 429/5xx/timeouts retried with
   * backoff honouring `retry-after`. Throws `LlmOutputError` (still invalid after the repair) or
   * `LlmRequestError` (gave up); messages never contain the API key.
   */
  review(request: ModelRequest, signal?: AbortSignal): Promise<ModelAnswer>;
}

/** The model's output stayed invalid after one repair attempt. */
export class LlmOutputError extends Error {
  override name = "LlmOutputError";
  /** Tokens both attempts cost (they count toward the pass's figures). */
  readonly tokensIn: number;
  readonly tokensOut: number;
  constructor(message: string, tokensIn = 0, tokensOut = 0) {
    super(message);
    this.tokensIn = tokensIn;
    this.tokensOut = tokensOut;
  }
}

/** The request failed (after retries, on a timeout, or with a permanent 4xx). */
export class LlmRequestError extends Error {
  override name = "LlmRequestError";
  /** The last HTTP status, when there was one. */
  readonly status: number | undefined;
  constructor(message: string, status?: number) {
    super(message);
    this.status = status;
  }
}

/**
 * A cached answer for one hunk: its findings with lines relative to the hunk's `origin`, and its
 * share of the request's tokens.
 */
export interface CachedChunk {
  findings: ModelFinding[];
  tokensIn: number;
  tokensOut: number;
}

/** The incremental cache (store port; `src/store/llm-cache-repository.ts`). */
export interface LlmCache {
  get(keys: readonly string[]): Promise<Map<string, CachedChunk>>;
  put(key: string, value: CachedChunk): Promise<void>;
}

/** Why a file got no LLM review. */
export type LlmSkipReason = "budget" | "binary" | "filtered" | "too large" | "engine error";

/** A file the LLM engine did not review (or only partly), with the reason shown. */
export interface LlmSkippedFile {
  path: string;
  reason: LlmSkipReason;
  /** Words after the reason (`max_input_tokens 20,000 reached`, the error, …). */
  detail?: string;
}

/** What the LLM engine did in one pass: rendered in the summary and check run, stored per pass. */
export type LlmCoverage =
  | {
      state: "off";
      /** `no provider configured` or `disabled by engines.llm.enabled`. */
      reason: string;
    }
  | {
      state: "on";
      model: string;
      /** Paths reviewed (every chunk answered, from the model or the cache), sorted. */
      filesReviewed: string[];
      filesSkipped: LlmSkippedFile[];
      /** Provider-reported tokens of this pass's requests (cache hits cost none). */
      tokensIn: number;
      tokensOut: number;
      /** Tokens the prompts counted before sending (the budget's measure). */
      budgetUsed: number;
      budget: number;
      /** Hunks (or slices of large hunks) of the files given: the cache's unit. */
      chunks: number;
      /** Of those, answered from the cache. */
      cacheHits: number;
      requests: number;
      /** Findings anchored outside the lines shown: moved to the summary / dropped (unknown path). */
      movedToSummary: number;
      dropped: number;
      /** Findings merged into a builtin finding on the same lines. */
      merged: number;
      /** Answers fixed by the one repair attempt. */
      repaired: number;
    };

/** One pass's LLM usage, for the process's metrics (`REVIEWLOOP` Prometheus counters). */
export interface LlmUsage {
  model: string;
  tokensIn: number;
  tokensOut: number;
  /** HTTP requests made (retries and repairs included). */
  requests: number;
  /** Hunks answered by the model this pass. */
  answered: number;
  /** Hunks answered from the cache. */
  cacheHits: number;
  /** Requests that failed. */
  failed: number;
}
