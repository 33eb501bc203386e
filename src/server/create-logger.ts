import { type Logger, pino } from "pino";
import type { Env } from "../env.ts";

/** Paths never written to the log, wherever a library puts them. */
const REDACT = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-hub-signature"]',
  'req.headers["x-hub-signature-256"]',
  "privateKey",
  "secret",
  // The LLM provider's key, should an object holding settings ever be logged.
  "apiKey",
  "*.apiKey",
  "*.*.apiKey",
];

/** The process logger: JSON lines on stdout at `LOG_LEVEL`, secrets redacted. */
export function createLogger(env: Pick<Env, "logLevel">): Logger {
  return pino({ level: env.logLevel, redact: REDACT });
}
