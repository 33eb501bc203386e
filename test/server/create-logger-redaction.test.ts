import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";

const LOGGER = new URL("../../src/server/create-logger.ts", import.meta.url).href;

/** Secrets the script below logs; none may reach the output. */
const SECRETS = {
  authorization: "Bearer ghs_redactionTestToken",
  cookie: "session=redaction-test-cookie",
  sha1: "sha1=0123456789abcdef0123456789abcdef01234567",
  sha256: "sha256=fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210",
  privateKey: "-----BEGIN RSA PRIVATE KEY-----redaction-test-key",
  secret: "redaction-test-webhook-secret",
};

/**
 * Logs, with the app's logger, objects shaped as pino-http (through Probot's `http` child
 * logger) and the app log them. The logger writes to the process's stdout (fd 1), which only
 * a child process lets a test read.
 */
const SCRIPT = `
import { createLogger } from ${JSON.stringify(LOGGER)};
const s = ${JSON.stringify(SECRETS)};
const log = createLogger({ logLevel: "trace" });
const headers = {
  host: "127.0.0.1:3000",
  "content-type": "application/json",
  "x-github-event": "pull_request",
  authorization: s.authorization,
  cookie: s.cookie,
  "x-hub-signature": s.sha1,
  "x-hub-signature-256": s.sha256,
};
const req = { id: "d1", method: "POST", url: "/api/github/webhooks", headers };
log.child({ name: "http" }).info({ req, res: { statusCode: 200, headers: {} } }, "POST /api/github/webhooks 200 - 3ms");
log.child({ name: "probot" }).child({ name: "event" }).error({ req }, "a handler failed");
log.info({ privateKey: s.privateKey, secret: s.secret }, "start-up");
`;

describe("server/createLogger", () => {
  let run: { stdout: string; stderr: string };
  let lines: Record<string, unknown>[];

  beforeAll(() => {
    run = spawnSync(process.execPath, ["--input-type=module", "-e", SCRIPT], {
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "" },
    });
    lines = run.stdout
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  });

  it("logs every line it was given", () => {
    expect(run.stderr).toBe("");
    expect(lines.map((line) => line.msg)).toEqual([
      "POST /api/github/webhooks 200 - 3ms",
      "a handler failed",
      "start-up",
    ]);
  });

  it("never writes a webhook signature, an authorization, a cookie, the key or the secret", () => {
    for (const secret of Object.values(SECRETS)) expect(run.stdout).not.toContain(secret);
  });

  it("writes [Redacted] in their place and keeps the other headers", () => {
    const [http, handler, startUp] = lines as {
      req?: { headers: Record<string, string> };
      privateKey?: string;
      secret?: string;
    }[];

    for (const line of [http, handler]) {
      expect(line?.req?.headers).toEqual({
        host: "127.0.0.1:3000",
        "content-type": "application/json",
        "x-github-event": "pull_request",
        authorization: "[Redacted]",
        cookie: "[Redacted]",
        "x-hub-signature": "[Redacted]",
        "x-hub-signature-256": "[Redacted]",
      });
    }
    expect([startUp?.privateKey, startUp?.secret]).toEqual(["[Redacted]", "[Redacted]"]);
  });
});
