import { describe, expect, it } from "vitest";
import { githubBaseUrl, parseEnv } from "../src/env.ts";

const APP = { APP_ID: "123", PRIVATE_KEY: "pem", WEBHOOK_SECRET: "s" };

describe("env/parseEnv", () => {
  describe("with an invalid or missing variable", () => {
    it.each([
      [{ PORT: "0" }, "PORT must be an integer between 1 and 65535"],
      [{ PORT: "70000" }, "PORT must be an integer between 1 and 65535"],
      [{ PORT: "http" }, "PORT must be an integer between 1 and 65535"],
      [{ APP_ID: "abc" }, "APP_ID must be a positive integer"],
      [{ APP_ID: "123" }, "PRIVATE_KEY or PRIVATE_KEY_PATH is required when APP_ID is set"],
      [{ APP_ID: "123", PRIVATE_KEY: "pem" }, "WEBHOOK_SECRET is required when APP_ID is set"],
      [{ NODE_ENV: "production" }, "APP_ID is required when NODE_ENV is production"],
      [{ GHE_PROTOCOL: "ftp" }, "GHE_PROTOCOL must be one of https, http"],
      [{ GHE_HOST: "https://ghe.example.com" }, "GHE_HOST must be a host name"],
      [{ DATABASE_URL: "mysql://db/x" }, "DATABASE_URL must be a postgres:// or postgresql://"],
      [{ DATABASE_URL: "not a url" }, "DATABASE_URL must be a postgres:// or postgresql://"],
      [{ LOG_LEVEL: "loud" }, "LOG_LEVEL must be one of trace, debug, info"],
      [{ REVIEWLOOP_WORKER_CONCURRENCY: "0" }, "REVIEWLOOP_WORKER_CONCURRENCY must be an integer"],
      [{ REVIEWLOOP_DRY_RUN: "maybe" }, "REVIEWLOOP_DRY_RUN must be true or false"],
      [{ REVIEWLOOP_LEASE_MS: "10" }, "REVIEWLOOP_LEASE_MS must be an integer between 300"],
      [
        { REVIEWLOOP_GITHUB_TIMEOUT_MS: "10" },
        "REVIEWLOOP_GITHUB_TIMEOUT_MS must be an integer between 100 and 600000",
      ],
      [
        { REVIEWLOOP_RETENTION_DAYS: "3" },
        "REVIEWLOOP_RETENTION_DAYS must be a whole number of days between 4 (GitHub redelivers",
      ],
      [
        { REVIEWLOOP_LLM_PROVIDER: "gpt" },
        "REVIEWLOOP_LLM_PROVIDER must be one of openai, anthropic",
      ],
      [
        { REVIEWLOOP_LLM_BASE_URL: "localhost:8080" },
        "REVIEWLOOP_LLM_BASE_URL must be an http(s) URL",
      ],
      [{ WEBHOOK_PROXY_URL: "smee" }, "WEBHOOK_PROXY_URL must be an http(s) URL"],
      [
        { ...APP, REVIEWLOOP_LLM_PROVIDER: "openai", REVIEWLOOP_LLM_API_KEY: "k" },
        "REVIEWLOOP_LLM_MODEL is required when REVIEWLOOP_LLM_PROVIDER is set",
      ],
      [
        { ...APP, REVIEWLOOP_LLM_PROVIDER: "openai-compatible", REVIEWLOOP_LLM_MODEL: "qwen" },
        "REVIEWLOOP_LLM_BASE_URL is required when REVIEWLOOP_LLM_PROVIDER is openai-compatible",
      ],
      [
        { ...APP, REVIEWLOOP_LLM_PROVIDER: "anthropic", REVIEWLOOP_LLM_MODEL: "claude" },
        "REVIEWLOOP_LLM_API_KEY is required when REVIEWLOOP_LLM_PROVIDER is anthropic",
      ],
      [
        { REVIEWLOOP_LLM_MAX_INPUT_TOKENS: "10" },
        "REVIEWLOOP_LLM_MAX_INPUT_TOKENS must be an integer between 1000 and 2000000",
      ],
      [{ REVIEWLOOP_LLM_CONCURRENCY: "0" }, "REVIEWLOOP_LLM_CONCURRENCY must be an integer"],
      [
        { ...APP, REVIEWLOOP_FIXER_WEBHOOK_URL: "https://runner.example.com/fix" },
        "REVIEWLOOP_FIXER_WEBHOOK_SECRET is required when REVIEWLOOP_FIXER_WEBHOOK_URL is set",
      ],
    ])("%j → %s", (vars, message) => {
      const result = parseEnv(vars);

      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.message.startsWith(message)).toBe(true);
      expect(result.message).not.toContain("\n");
    });

    it("never echoes the value (it may be a secret)", () => {
      const result = parseEnv({ DATABASE_URL: "mysql://user:hunter2@db/x" });

      expect(result.ok ? "" : result.message).not.toContain("hunter2");
    });
  });

  describe("with nothing set", () => {
    it("is setup mode with the documented defaults", () => {
      const result = parseEnv({});

      expect(result).toMatchObject({
        ok: true,
        env: {
          setupMode: true,
          port: 3000,
          dataDir: "./data",
          gheProtocol: "https",
          logLevel: "info",
          workerConcurrency: 4,
          dryRun: false,
          githubTimeoutMs: 30_000,
          retentionDays: 14,
        },
      });
    });

    it("treats empty values as unset, as a copied .env.example has them", () => {
      const result = parseEnv({ APP_ID: "", PORT: "", GHE_HOST: " " });

      expect(result).toMatchObject({ ok: true, env: { setupMode: true, port: 3000 } });
    });
  });

  describe("with an app configured", () => {
    it("parses every variable", () => {
      const result = parseEnv({
        ...APP,
        PRIVATE_KEY: "-----BEGIN RSA PRIVATE KEY-----\\nabc\\n-----END RSA PRIVATE KEY-----",
        GHE_HOST: "ghe.example.com:8443",
        GHE_PROTOCOL: "http",
        PORT: "8080",
        HOST: "0.0.0.0",
        DATABASE_URL: "postgres://u@db:5432/reviewloop",
        REVIEWLOOP_DATA_DIR: "/var/lib/reviewloop",
        LOG_LEVEL: "debug",
        REVIEWLOOP_WORKER_CONCURRENCY: "8",
        REVIEWLOOP_DRY_RUN: "true",
        REVIEWLOOP_GITHUB_TIMEOUT_MS: "5000",
        REVIEWLOOP_RETENTION_DAYS: "30",
        REVIEWLOOP_LLM_PROVIDER: "openai-compatible",
        REVIEWLOOP_LLM_MODEL: "qwen",
        REVIEWLOOP_LLM_BASE_URL: "http://127.0.0.1:8000/v1",
        REVIEWLOOP_LLM_API_KEY: "k",
        REVIEWLOOP_FIXER_WEBHOOK_URL: "https://runner.example.com/fix",
        REVIEWLOOP_FIXER_WEBHOOK_SECRET: "f",
      });

      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.env).toMatchObject({
        setupMode: false,
        appId: 123,
        privateKey: "-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----",
        port: 8080,
        host: "0.0.0.0",
        databaseUrl: "postgres://u@db:5432/reviewloop",
        dataDir: "/var/lib/reviewloop",
        logLevel: "debug",
        workerConcurrency: 8,
        dryRun: true,
        githubTimeoutMs: 5_000,
        retentionDays: 30,
        llm: {
          provider: "openai-compatible",
          model: "qwen",
          apiKey: "k",
          maxInputTokens: 200_000,
          concurrency: 4,
          timeoutMs: 120_000,
          maxRetries: 3,
        },
        fixerWebhook: { url: "https://runner.example.com/fix", secret: "f" },
      });
      expect(githubBaseUrl(result.env)).toBe("http://ghe.example.com:8443/api/v3");
    });

    it("takes the job lease length from the hidden REVIEWLOOP_LEASE_MS (crash tests)", () => {
      const set = parseEnv({ ...APP, REVIEWLOOP_LEASE_MS: "3000" });
      const unset = parseEnv(APP);

      expect(set.ok && set.env.leaseMs).toBe(3000);
      expect(unset.ok && unset.env.leaseMs).toBeUndefined();
    });

    it("talks to github.com when GHE_HOST is unset", () => {
      const result = parseEnv(APP);

      expect(result.ok && githubBaseUrl(result.env)).toBeUndefined();
    });
  });
});
