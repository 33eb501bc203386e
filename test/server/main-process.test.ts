import { createHmac } from "node:crypto";
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPrivateKey } from "../helpers/probot.ts";
import { signBody } from "../helpers/start-test-app.ts";
import { webhookExample } from "../helpers/webhook-examples.ts";
import { freePort, type MainProcess, spawnMain, waitUntil } from "./spawn-main.ts";

const WEBHOOK_SECRET = "main-process-webhook-secret";
const BEARER = "Bearer gho_mainProcessAuthorizationToken";
const COOKIE = "session=main-process-cookie-value";

/**
 * A GitHub that holds every request until `release()`: a job that asked it something is in
 * flight until then. Answers 404 afterwards (the job fails; the point is when it ends).
 */
async function startHoldingGitHub() {
  const held: ServerResponse[] = [];
  const seen: string[] = [];
  let releasedAt: number | undefined;
  const answer = (res: ServerResponse) => {
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ message: "Not Found" }));
  };
  const server: Server = createServer((req: IncomingMessage, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    if (releasedAt === undefined) held.push(res);
    else answer(res);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    host: `127.0.0.1:${(server.address() as { port: number }).port}`,
    seen,
    releasedAt: () => releasedAt,
    release() {
      releasedAt = Date.now();
      for (const res of held.splice(0)) answer(res);
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Posts a delivery with `headers` on top of GitHub's; returns the status. */
async function post(port: number, event: string, body: string, headers: Record<string, string>) {
  const response = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-github-delivery": crypto.randomUUID(),
      ...headers,
    },
    body,
  });
  await response.text();
  return response.status;
}

describe("src/main.ts as a process, configured by .env and the environment", () => {
  const root = mkdtempSync(join(tmpdir(), "reviewloop-main-"));
  const cwd = join(root, "cwd");
  const dataDir = join(root, "data");
  const dotEnvDataDir = join(root, "data-from-dotenv");
  let github: Awaited<ReturnType<typeof startHoldingGitHub>>;
  let main: MainProcess;
  let port: number;
  const lines = () =>
    main
      .stdout()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { level: number; msg: string; pid: number });

  beforeAll(async () => {
    mkdirSync(cwd);
    port = await freePort();
    // The app reads .env from its working directory; REVIEWLOOP_DATA_DIR is also set for real.
    writeFileSync(
      join(cwd, ".env"),
      `PORT=${port}\nLOG_LEVEL=debug\nREVIEWLOOP_DATA_DIR=${dotEnvDataDir}\n`,
    );
    github = await startHoldingGitHub();
    main = spawnMain(cwd, {
      APP_ID: "123",
      PRIVATE_KEY: testPrivateKey,
      WEBHOOK_SECRET,
      REVIEWLOOP_DATA_DIR: dataDir,
      // Never github.com: every GitHub call goes to the holding server.
      GHE_HOST: github.host,
      GHE_PROTOCOL: "http",
    });
    // Probot logs "Listening on …" once the server is up, whichever port it took.
    await waitUntil(
      "the server listening",
      () => {
        const code = main.child.exitCode;
        if (code !== null) throw new Error(`main exited ${code}: ${main.stderr()}`);
        return lines().find((line) => line.msg.startsWith("Listening on"));
      },
      90_000,
    );
  }, 120_000);

  afterAll(async () => {
    if (main.child.exitCode === null) main.child.kill("SIGKILL");
    await github.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("listens on the PORT its .env names", async () => {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);

    expect(response.status).toBe(200);
    expect(lines().map((line) => line.msg)).toContain(`Listening on http://localhost:${port}`);
  });

  it("lets a real environment variable win over the same one in .env", () => {
    expect(readFileSync(join(dataDir, "reviewloop.lock"), "utf8").trim()).toBe(
      String(main.child.pid),
    );
    expect(existsSync(dotEnvDataDir)).toBe(false);
  });

  it("never logs the signature, authorization or cookie headers of a delivery", async () => {
    const body = JSON.stringify(webhookExample("pull_request", "opened"));
    const sha256 = signBody(WEBHOOK_SECRET, body);
    const sha1 = `sha1=${createHmac("sha1", WEBHOOK_SECRET).update(body).digest("hex")}`;
    const secretHeaders = { authorization: BEARER, cookie: COOKIE, "x-hub-signature": sha1 };

    const accepted = await post(port, "pull_request", body, {
      ...secretHeaders,
      "x-hub-signature-256": sha256,
    });
    const rejected = await post(port, "pull_request", body, {
      ...secretHeaders,
      "x-hub-signature-256": signBody("not-the-secret", body),
    });
    await waitUntil(
      "both requests logged",
      () => {
        const logged = lines().filter((line) => line.msg?.startsWith("POST /api/github/webhooks"));
        return logged.length >= 2 ? true : undefined;
      },
      10_000,
    );
    const output = main.stdout();

    expect([accepted, rejected]).toEqual([200, 401]);
    for (const secret of [
      sha256.slice("sha256=".length),
      signBody("not-the-secret", body).slice("sha256=".length),
      sha1.slice("sha1=".length),
      "gho_mainProcessAuthorizationToken",
      "main-process-cookie-value",
      WEBHOOK_SECRET,
      testPrivateKey.split("\n")[1]!,
    ]) {
      expect(output).not.toContain(secret);
    }
    expect(output).toContain('"x-hub-signature-256":"[Redacted]"');
    expect(output).toContain('"authorization":"[Redacted]"');
  });

  it("logs at the LOG_LEVEL its .env names", () => {
    // The delivery above logged "pull_request event received" at debug; the default is info.
    expect(
      lines()
        .filter((line) => line.level === 20)
        .map((line) => line.msg),
    ).toContainEqual(expect.stringMatching(/^pull_request event received/));
  });

  it("on SIGTERM finishes the job in flight, releases the data dir and exits 0", async () => {
    // The accepted delivery queued a review; its first GitHub request is being held.
    await waitUntil(
      "the job asks GitHub",
      () => (github.seen.length > 0 ? true : undefined),
      20_000,
    );

    main.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 500));
    const exitedBeforeRelease = main.child.exitCode !== null;
    github.release();
    const code = await main.exited;
    const stoppedAt = Date.now();

    expect(exitedBeforeRelease).toBe(false);
    expect(code).toBe(0);
    expect(stoppedAt).toBeGreaterThanOrEqual(github.releasedAt()!);
    expect(lines().map((line) => line.msg)).toContain("Stopped");
    expect(existsSync(join(dataDir, "reviewloop.lock"))).toBe(false);
  }, 30_000);
});

describe("src/main.ts with a bad variable", () => {
  const root = mkdtempSync(join(tmpdir(), "reviewloop-main-bad-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const cases: { from: string; env: Record<string, string>; dotEnv: string; names: string }[] = [
    { from: "the environment", env: { PORT: "abc" }, dotEnv: "", names: "PORT" },
    { from: "its .env", env: {}, dotEnv: "LOG_LEVEL=loud\n", names: "LOG_LEVEL" },
  ];

  it.concurrent.for(cases)(
    "prints one line naming a variable from $from and exits 1 without starting",
    async ({ env, dotEnv, names }, { expect }) => {
      const cwd = mkdtempSync(join(root, "cwd-"));
      if (dotEnv) writeFileSync(join(cwd, ".env"), dotEnv);
      const dataDir = join(cwd, "data");

      const main = spawnMain(cwd, {
        APP_ID: "123",
        PRIVATE_KEY: testPrivateKey,
        WEBHOOK_SECRET,
        REVIEWLOOP_DATA_DIR: dataDir,
        ...env,
      });
      const code = await main.exited;

      expect(code).toBe(1);
      expect(main.stderr().trimEnd().split("\n")).toEqual([
        expect.stringMatching(new RegExp(`^reviewloop: ${names} must be `)),
      ]);
      expect(main.stdout()).toBe("");
      expect(existsSync(dataDir)).toBe(false);
    },
  );
});
