/**
 * Prometheus metrics of one process, in a registry of its own (not prom-client's global one), so
 * several apps in one process — tests, benchmarks — never share or double-register series.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { LlmUsage } from "./engines/llm/llm-types.ts";

/** The queue figures sampled on each scrape. */
export interface QueueFigures {
  queued: number;
  dead: number;
}

export type JobOutcome = "done" | "retry" | "dead";

export interface Metrics {
  readonly registry: Registry;
  /** Counts one webhook delivery that passed signature verification. */
  deliveryReceived(event: string): void;
  /** Records one finished job attempt (the worker's observer). */
  jobFinished(kind: string, outcome: JobOutcome, seconds: number): void;
  /** Adds one review pass's LLM figures (tokens, requests, chunks from the model or the cache). */
  llmUsed(usage: LlmUsage): void;
  /** The Prometheus text exposition of every metric. */
  render(): Promise<string>;
}

// Jobs range from milliseconds (logging stubs) to minutes (LLM reviews, waiting on CI).
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/**
 * Creates the registry with every reviewloop metric plus Node's default process metrics.
 * `readQueue` is called on each scrape for the queue gauges; when it fails (store down) the
 * gauges keep their last value and `/healthz` reports the store.
 */
export function createMetrics(readQueue: () => Promise<QueueFigures>): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const deliveries = new Counter({
    name: "reviewloop_webhook_deliveries_total",
    help: "Webhook deliveries received with a valid signature, by event",
    labelNames: ["event"] as const,
    registers: [registry],
  });
  const jobs = new Counter({
    name: "reviewloop_jobs_total",
    help: "Finished job attempts by kind and outcome (done, retry, dead)",
    labelNames: ["kind", "outcome"] as const,
    registers: [registry],
  });
  const jobDuration = new Histogram({
    name: "reviewloop_job_duration_seconds",
    help: "Duration of job attempts by kind",
    labelNames: ["kind"] as const,
    buckets: JOB_BUCKETS,
    registers: [registry],
  });

  const llmTokens = new Counter({
    name: "reviewloop_llm_tokens_total",
    help: "Tokens the LLM provider reported, by model and direction (in, out)",
    labelNames: ["model", "direction"] as const,
    registers: [registry],
  });
  const llmRequests = new Counter({
    name: "reviewloop_llm_requests_total",
    help: "HTTP requests to the LLM provider (retries and repairs included), by model",
    labelNames: ["model"] as const,
    registers: [registry],
  });
  const llmChunks = new Counter({
    name: "reviewloop_llm_chunks_total",
    help: "Hunks the LLM engine answered, by model and source (model, cache)",
    labelNames: ["model", "source"] as const,
    registers: [registry],
  });
  const llmErrors = new Counter({
    name: "reviewloop_llm_errors_total",
    help: "LLM requests that failed (after retries, or invalid after one repair), by model",
    labelNames: ["model"] as const,
    registers: [registry],
  });

  // Both gauges come from one query per scrape.
  let sample: Promise<QueueFigures | null> | null = null;
  const sampleQueue = () => {
    sample ??= readQueue()
      .catch(() => null)
      .finally(() => setImmediate(() => (sample = null)));
    return sample;
  };
  new Gauge({
    name: "reviewloop_queue_depth",
    help: "Jobs queued and not yet finished",
    registers: [registry],
    async collect() {
      const figures = await sampleQueue();
      if (figures) this.set(figures.queued);
    },
  });
  new Gauge({
    name: "reviewloop_dead_jobs",
    help: "Jobs that exhausted their attempts (see jobs.last_error)",
    registers: [registry],
    async collect() {
      const figures = await sampleQueue();
      if (figures) this.set(figures.dead);
    },
  });

  return {
    registry,
    deliveryReceived: (event) => deliveries.inc({ event }),
    jobFinished(kind, outcome, seconds) {
      jobs.inc({ kind, outcome });
      jobDuration.observe({ kind }, seconds);
    },
    llmUsed(usage) {
      const { model } = usage;
      llmTokens.inc({ model, direction: "in" }, usage.tokensIn);
      llmTokens.inc({ model, direction: "out" }, usage.tokensOut);
      llmRequests.inc({ model }, usage.requests);
      llmChunks.inc({ model, source: "cache" }, usage.cacheHits);
      llmChunks.inc({ model, source: "model" }, usage.answered);
      llmErrors.inc({ model }, usage.failed);
    },
    render: () => registry.metrics(),
  };
}
