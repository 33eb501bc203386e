/**
 * The process environment, parsed once at start-up. This is the only module that knows the
 * variable names; everything else receives the typed `Env`.
 */
import { existsSync } from "node:fs";
import { z } from "zod";

const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
const LLM_PROVIDERS = ["openai", "anthropic", "openai-compatible"] as const;

/** An integer variable given as a decimal string, with a message naming it. */
function integerVar(
  name: string,
  min: number,
  max: number,
  message = `${name} must be an integer between ${min} and ${max}`,
) {
  return z
    .string()
    .regex(/^\s*\d+\s*$/, { error: message })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: message });
}

function urlVar(name: string, protocols: RegExp, what: string) {
  return z
    .string()
    .refine((value) => URL.canParse(value) && protocols.test(new URL(value).protocol), {
      error: `${name} must be ${what}`,
    });
}

function enumVar<const T extends readonly [string, ...string[]]>(name: string, values: T) {
  return z.enum(values, { error: `${name} must be one of ${values.join(", ")}` });
}

const booleanVar = (name: string) =>
  z
    .enum(["true", "false", "1", "0"], { error: `${name} must be true or false` })
    .transform((value) => value === "true" || value === "1");

const rawEnvSchema = z.object({
  NODE_ENV: z.string().optional(),
  APP_ID: integerVar(
    "APP_ID",
    1,
    Number.MAX_SAFE_INTEGER,
    "APP_ID must be a positive integer (the App ID on the GitHub App's settings page)",
  ).optional(),
  PRIVATE_KEY: z.string().optional(),
  PRIVATE_KEY_PATH: z.string().optional(),
  WEBHOOK_SECRET: z.string().optional(),
  WEBHOOK_PROXY_URL: urlVar("WEBHOOK_PROXY_URL", /^https?:$/, "an http(s) URL").optional(),
  GHE_HOST: z
    .string()
    .regex(/^[\w.-]+(:\d+)?$/, {
      error: "GHE_HOST must be a host name, optionally with a port (github.example.com:8443)",
    })
    .optional(),
  GHE_PROTOCOL: enumVar("GHE_PROTOCOL", ["https", "http"]).default("https"),
  PORT: integerVar("PORT", 1, 65535).default(3000),
  HOST: z.string().optional(),
  DATABASE_URL: urlVar(
    "DATABASE_URL",
    /^postgres(ql)?:$/,
    "a postgres:// or postgresql:// connection URL",
  ).optional(),
  REVIEWLOOP_DATA_DIR: z.string().default("./data"),
  LOG_LEVEL: enumVar("LOG_LEVEL", LOG_LEVELS).default("info"),
  REVIEWLOOP_WORKER_CONCURRENCY: integerVar("REVIEWLOOP_WORKER_CONCURRENCY", 1, 256).default(4),
  REVIEWLOOP_DRY_RUN: booleanVar("REVIEWLOOP_DRY_RUN").default(false),
  REVIEWLOOP_GITHUB_TIMEOUT_MS: integerVar("REVIEWLOOP_GITHUB_TIMEOUT_MS", 100, 600_000).default(
    30_000,
  ),
  // At least 4 days: GitHub redelivers a webhook for about 3 days with the same delivery id, and
  // the deliveries table is what recognizes it.
  REVIEWLOOP_RETENTION_DAYS: integerVar(
    "REVIEWLOOP_RETENTION_DAYS",
    4,
    3650,
    "REVIEWLOOP_RETENTION_DAYS must be a whole number of days between 4 (GitHub redelivers webhooks for about 3 days) and 3650",
  ).default(14),
  // Hidden, for crash tests: a killed process's job lease expires this fast (docs/testing.md).
  REVIEWLOOP_LEASE_MS: integerVar("REVIEWLOOP_LEASE_MS", 300, 3_600_000).optional(),
  REVIEWLOOP_LLM_PROVIDER: enumVar("REVIEWLOOP_LLM_PROVIDER", LLM_PROVIDERS).optional(),
  REVIEWLOOP_LLM_MODEL: z.string().optional(),
  REVIEWLOOP_LLM_BASE_URL: urlVar(
    "REVIEWLOOP_LLM_BASE_URL",
    /^https?:$/,
    "an http(s) URL",
  ).optional(),
  REVIEWLOOP_LLM_API_KEY: z.string().optional(),
  // The operator's cap on `engines.llm.max_input_tokens` (a repository may only lower it).
  REVIEWLOOP_LLM_MAX_INPUT_TOKENS: integerVar(
    "REVIEWLOOP_LLM_MAX_INPUT_TOKENS",
    1000,
    2_000_000,
  ).default(200_000),
  REVIEWLOOP_LLM_CONCURRENCY: integerVar("REVIEWLOOP_LLM_CONCURRENCY", 1, 32).default(4),
  REVIEWLOOP_LLM_TIMEOUT_MS: integerVar("REVIEWLOOP_LLM_TIMEOUT_MS", 1000, 600_000).default(
    120_000,
  ),
  REVIEWLOOP_LLM_MAX_RETRIES: integerVar("REVIEWLOOP_LLM_MAX_RETRIES", 0, 10).default(3),
  REVIEWLOOP_FIXER_WEBHOOK_URL: urlVar(
    "REVIEWLOOP_FIXER_WEBHOOK_URL",
    /^https?:$/,
    "an http(s) URL",
  ).optional(),
  REVIEWLOOP_FIXER_WEBHOOK_SECRET: z.string().optional(),
  // Hidden, for end-to-end tests: remediation delays (timeouts, backoff) last this fraction.
  REVIEWLOOP_REMEDIATION_TIME_SCALE: z.coerce.number().gt(0).max(1).optional(),
  // Remediation rounds the fixer may have at once across every repository this process serves.
  REVIEWLOOP_MAX_ROUNDS_IN_FLIGHT: integerVar("REVIEWLOOP_MAX_ROUNDS_IN_FLIGHT", 1, 10_000).default(
    20,
  ),
});

type RawEnv = z.output<typeof rawEnvSchema>;

/** The parsed process environment. */
export interface Env {
  /** No APP_ID outside production: serve Probot's setup flow instead of the app. */
  setupMode: boolean;
  production: boolean;
  appId: number | undefined;
  /** PEM text from PRIVATE_KEY (literal `\n` turned into newlines). */
  privateKey: string | undefined;
  /** A .pem file to read when PRIVATE_KEY is not set. */
  privateKeyPath: string | undefined;
  webhookSecret: string | undefined;
  /** Smee or another proxy forwarding webhooks to this process (development). */
  webhookProxyUrl: string | undefined;
  /** GitHub Enterprise Server host (also how end-to-end tests point the app at a simulator). */
  gheHost: string | undefined;
  gheProtocol: "https" | "http";
  port: number;
  host: string | undefined;
  /** PostgreSQL; when set, PGlite is not used. */
  databaseUrl: string | undefined;
  /** PGlite data directory. */
  dataDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
  workerConcurrency: number;
  /** Log what would be posted instead of posting it. */
  dryRun: boolean;
  /**
   * Longest wait for one answer from GitHub, in ms; a mutation that times out is an unknown
   * outcome (looked up before it is sent again).
   */
  githubTimeoutMs: number;
  /** Deliveries and finished jobs older than this many days are deleted (hourly). */
  retentionDays: number;
  /** Job lease length in ms; unset = the worker's default (60 s). Not documented for users. */
  leaseMs: number | undefined;
  llm: {
    provider: (typeof LLM_PROVIDERS)[number] | undefined;
    model: string | undefined;
    baseUrl: string | undefined;
    apiKey: string | undefined;
    /** Cap on a repository's `engines.llm.max_input_tokens`. */
    maxInputTokens: number;
    /** Requests in flight at once per pass. */
    concurrency: number;
    /** One request's timeout (each attempt), ms. */
    timeoutMs: number;
    /** Retries of a request after a 429, 5xx, timeout or network error. */
    maxRetries: number;
  };
  fixerWebhook: { url: string | undefined; secret: string | undefined };
  /** Rounds the fixer may have at once across every repository this process serves. */
  maxRoundsInFlight: number;
  /** Hidden (tests): remediation delays last this fraction of their length. */
  remediationTimeScale: number | undefined;
}

export type ParseEnvResult = { ok: true; env: Env } | { ok: false; message: string };

/** Cross-variable rules; returns the one-line message of the first broken rule. */
function checkCombinations(raw: RawEnv): string | null {
  const production = raw.NODE_ENV === "production";
  if (raw.APP_ID === undefined) {
    return production ? "APP_ID is required when NODE_ENV is production" : null;
  }
  if (!raw.PRIVATE_KEY && !raw.PRIVATE_KEY_PATH) {
    return "PRIVATE_KEY or PRIVATE_KEY_PATH is required when APP_ID is set";
  }
  if (!raw.WEBHOOK_SECRET) return "WEBHOOK_SECRET is required when APP_ID is set";
  const llm = raw.REVIEWLOOP_LLM_PROVIDER;
  if (llm !== undefined && !raw.REVIEWLOOP_LLM_MODEL) {
    return "REVIEWLOOP_LLM_MODEL is required when REVIEWLOOP_LLM_PROVIDER is set";
  }
  if (llm === "openai-compatible" && !raw.REVIEWLOOP_LLM_BASE_URL) {
    return "REVIEWLOOP_LLM_BASE_URL is required when REVIEWLOOP_LLM_PROVIDER is openai-compatible";
  }
  if ((llm === "openai" || llm === "anthropic") && !raw.REVIEWLOOP_LLM_API_KEY) {
    return `REVIEWLOOP_LLM_API_KEY is required when REVIEWLOOP_LLM_PROVIDER is ${llm}`;
  }
  if (raw.REVIEWLOOP_FIXER_WEBHOOK_URL && !raw.REVIEWLOOP_FIXER_WEBHOOK_SECRET) {
    return "REVIEWLOOP_FIXER_WEBHOOK_SECRET is required when REVIEWLOOP_FIXER_WEBHOOK_URL is set";
  }
  return null;
}

function toEnv(raw: RawEnv): Env {
  return {
    setupMode: raw.APP_ID === undefined,
    production: raw.NODE_ENV === "production",
    appId: raw.APP_ID,
    // .env files and CI secrets often carry the PEM on one line with literal \n.
    privateKey: raw.PRIVATE_KEY?.replace(/\\n/g, "\n"),
    privateKeyPath: raw.PRIVATE_KEY_PATH,
    webhookSecret: raw.WEBHOOK_SECRET,
    webhookProxyUrl: raw.WEBHOOK_PROXY_URL,
    gheHost: raw.GHE_HOST,
    gheProtocol: raw.GHE_PROTOCOL,
    port: raw.PORT,
    host: raw.HOST,
    databaseUrl: raw.DATABASE_URL,
    dataDir: raw.REVIEWLOOP_DATA_DIR,
    logLevel: raw.LOG_LEVEL,
    workerConcurrency: raw.REVIEWLOOP_WORKER_CONCURRENCY,
    dryRun: raw.REVIEWLOOP_DRY_RUN,
    githubTimeoutMs: raw.REVIEWLOOP_GITHUB_TIMEOUT_MS,
    retentionDays: raw.REVIEWLOOP_RETENTION_DAYS,
    leaseMs: raw.REVIEWLOOP_LEASE_MS,
    llm: {
      provider: raw.REVIEWLOOP_LLM_PROVIDER,
      model: raw.REVIEWLOOP_LLM_MODEL,
      baseUrl: raw.REVIEWLOOP_LLM_BASE_URL,
      apiKey: raw.REVIEWLOOP_LLM_API_KEY,
      maxInputTokens: raw.REVIEWLOOP_LLM_MAX_INPUT_TOKENS,
      concurrency: raw.REVIEWLOOP_LLM_CONCURRENCY,
      timeoutMs: raw.REVIEWLOOP_LLM_TIMEOUT_MS,
      maxRetries: raw.REVIEWLOOP_LLM_MAX_RETRIES,
    },
    fixerWebhook: {
      url: raw.REVIEWLOOP_FIXER_WEBHOOK_URL,
      secret: raw.REVIEWLOOP_FIXER_WEBHOOK_SECRET,
    },
    maxRoundsInFlight: raw.REVIEWLOOP_MAX_ROUNDS_IN_FLIGHT,
    remediationTimeScale: raw.REVIEWLOOP_REMEDIATION_TIME_SCALE,
  };
}

/**
 * Parses an environment (normally `process.env`). An invalid or missing variable gives one line
 * naming it, fit to print before exiting. Empty values count as unset (`GHE_HOST=` in a .env file).
 */
export function parseEnv(source: Record<string, string | undefined>): ParseEnvResult {
  const present = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value.trim() !== ""),
  );
  const parsed = rawEnvSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? "environment");
    const message = issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
    return { ok: false, message };
  }
  const broken = checkCombinations(parsed.data);
  if (broken) return { ok: false, message: broken };
  return { ok: true, env: toEnv(parsed.data) };
}

/** The REST base URL for GitHub Enterprise Server, or undefined for github.com. */
export function githubBaseUrl(env: Pick<Env, "gheHost" | "gheProtocol">): string | undefined {
  return env.gheHost ? `${env.gheProtocol}://${env.gheHost}/api/v3` : undefined;
}

/**
 * Loads `.env` from the working directory into `process.env` when the file exists (variables
 * already set win). Probot's setup flow writes APP_ID, PRIVATE_KEY and WEBHOOK_SECRET there.
 */
export function loadDotEnvFile(path = ".env"): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/** Reads `process.env`: the one place in the program that does. */
export function parseProcessEnv(): ParseEnvResult {
  return parseEnv(process.env);
}
