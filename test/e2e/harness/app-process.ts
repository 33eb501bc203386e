import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { testPrivateKey } from "../../helpers/probot.ts";
import { TEST_WEBHOOK_SECRET } from "../../helpers/start-test-app.ts";
import type { Deployment } from "./deployment.ts";

const MAIN = fileURLToPath(new URL("../../../src/main.ts", import.meta.url));

/** One JSON log line of the app (pino): `msg`, `level`, and whatever the line carries. */
export interface LogLine {
  msg: string;
  level: number;
  jobId?: number;
  kind?: string;
  err?: { message?: string; type?: string };
  [key: string]: unknown;
}

export interface AppProcessOptions {
  deployment: Deployment;
  /** The simulator's `gheHost`. */
  gheHost: string;
  /** More environment on top of the defaults (REVIEWLOOP_GITHUB_TIMEOUT_MS, …). */
  env?: Record<string, string>;
}

/** The real app (`src/main.ts`) running as a child process. */
export interface AppProcess {
  /** `http://127.0.0.1:<port>`, the same port across restarts. */
  url: string;
  /** Every log line of every run of this process, in order. */
  logs: LogLine[];
  /** Resolves with the first line at or after index `from` (default: all lines) matching. */
  waitForLog(
    match: (line: LogLine) => boolean,
    options?: { from?: number; timeoutMs?: number; what?: string },
  ): Promise<LogLine>;
  /** Sends `signal` and waits until the process has exited (SIGKILL: no cleanup at all). */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the process again on the same deployment and port (after `kill` or `stop`). */
  restart(): Promise<void>;
  /** SIGTERM: the app drains and exits; resolves with its exit code. */
  stop(): Promise<number | null>;
}

/** Timeout for waiting on a log line: generous, as two app processes share 2 CPUs in CI. */
const DEFAULT_WAIT_MS = 60_000;

/**
 * Spawns the app with Probot's production Octokit (retries and throttling on), pointed at the
 * simulator, on `deployment`, and waits until it listens. Logs at `debug`, so "job done" lines
 * (run-job.ts) are there to wait on.
 */
export async function startAppProcess(options: AppProcessOptions): Promise<AppProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    APP_ID: "123",
    PRIVATE_KEY: testPrivateKey,
    WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    GHE_HOST: options.gheHost,
    GHE_PROTOCOL: "http",
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "debug",
    // A killed process's lease expires in 3 s instead of 60 s (REVIEWLOOP_LEASE_MS is hidden).
    REVIEWLOOP_LEASE_MS: "3000",
    ...options.deployment.env,
    ...options.env,
  };
  const logs: LogLine[] = [];
  const waiters = new Set<() => void>();
  let stderr = "";
  let child: ChildProcess | undefined;
  let exited: Promise<number | null> = Promise.resolve(null);

  function onLine(text: string) {
    if (text.trim() === "") return;
    try {
      logs.push(JSON.parse(text) as LogLine);
    } catch {
      logs.push({ msg: text, level: 30 });
    }
    for (const wake of waiters) wake();
  }

  function spawnChild(): void {
    const started = spawn(process.execPath, [MAIN], {
      env,
      // Not the repository: a developer's .env there must not leak into the test.
      cwd: tmpdir(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let pending = "";
    started.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      const lines = (pending + chunk).split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) onLine(line);
    });
    started.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    exited = new Promise((resolve) =>
      started.on("exit", (code) => {
        onLine(pending);
        pending = "";
        child = undefined;
        resolve(code);
        for (const wake of waiters) wake();
      }),
    );
    child = started;
  }

  function describeFailure(what: string): Error {
    const tail = formatLogs(logs.slice(-40));
    return new Error(
      `timed out waiting for ${what}\n--- last log lines:\n${tail}\n--- stderr:\n${stderr}`,
    );
  }

  function waitForLog(
    match: (line: LogLine) => boolean,
    waitOptions: { from?: number; timeoutMs?: number; what?: string } = {},
  ): Promise<LogLine> {
    let next = waitOptions.from ?? 0;
    const scan = () => {
      for (; next < logs.length; next++) if (match(logs[next]!)) return logs[next];
      return undefined;
    };
    const found = scan();
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const wake = () => {
        const line = scan();
        if (!line) return;
        cleanup();
        resolve(line);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(describeFailure(waitOptions.what ?? "a log line"));
      }, waitOptions.timeoutMs ?? DEFAULT_WAIT_MS);
      // A waiter nobody awaits any more (Promise.any) must not keep the test process alive.
      timer.unref();
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(wake);
      };
      waiters.add(wake);
    });
  }

  async function boot(): Promise<void> {
    const from = logs.length;
    spawnChild();
    const ready = waitForLog((line) => line.msg.startsWith("Listening on"), {
      from,
      what: "the app to listen",
    });
    const died = exited.then((code) => {
      throw new Error(`the app exited with ${code} while starting:\n${stderr}`);
    });
    await Promise.race([ready, died]);
    died.catch(() => {});
  }

  await boot();
  return {
    url,
    logs,
    waitForLog,
    async kill(signal = "SIGKILL") {
      child?.kill(signal);
      await exited;
    },
    async restart() {
      if (child) throw new Error("the app is still running; kill or stop it first");
      await boot();
    },
    async stop() {
      if (!child) return exited;
      child.kill("SIGTERM");
      return exited;
    },
  };
}

/** Log lines as `ss.mmm message {fields}`, one a line, for a human reading a failed run. */
export function formatLogs(lines: readonly LogLine[]): string {
  return lines
    .map((line) => {
      const { msg, time, level: _level, pid: _pid, hostname: _host, ...fields } = line;
      const at = typeof time === "number" ? new Date(time).toISOString().slice(17, 23) : "";
      return `${at} ${msg} ${JSON.stringify(fields).slice(0, 300)}`;
    })
    .join("\n");
}

/** A port nothing listens on right now (the OS picks it; it is free again after close). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
