/**
 * Webhook acknowledgement benchmark (issue 2): boots the real app in this process (startApp on
 * port 0, a fresh PGlite data directory, and a fresh PostgreSQL database when one answers),
 * sends signed `pull_request.synchronize` deliveries over HTTP at a fixed rate, open-loop (sends
 * are scheduled by the clock, never wait for earlier answers), and reports ack latency
 * percentiles. Latency runs from each delivery's scheduled send time to the end of its response,
 * so a server that falls behind is charged for the wait (no coordinated omission).
 * The load generator runs in a worker thread so it does not share the server's event loop.
 * The app's worker runs too, with a RunReview handler that only logs (below the bench's log
 * level) instead of calling GitHub.
 * Run: `npm run bench -- ack [--rate 200] [--seconds 10] [--prs 50] [--backend pglite|postgres]`.
 */
import { createHmac, generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { Agent, request } from "node:http";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import defs from "@octokit/webhooks-examples" with { type: "json" };
import { pino } from "pino";
import { parseEnv } from "../src/env.ts";
import { startApp } from "../src/server/start-app.ts";
import { type AppBackend, pgliteAppBackend, postgresAppBackend } from "./app-backends.ts";

export interface BenchAckOptions {
  /** Deliveries per second (default 200). */
  rate?: number;
  /** Length of the measured run (default 10 s). */
  seconds?: number;
  /** Distinct pull requests the deliveries spread over (default 50). */
  prs?: number;
  /** Only this backend (default: PGlite, then PostgreSQL when reachable). */
  backend?: "pglite" | "postgres";
  /** PostgreSQL server (default TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test). */
  databaseUrl?: string;
}

interface GeneratorInput {
  url: string;
  secret: string;
  rate: number;
  count: number;
  warmup: number;
  prs: number;
  template: Record<string, unknown>;
}

interface GeneratorOutput {
  latenciesMs: number[];
  statuses: Record<string, number>;
  errors: number;
  maxSendLagMs: number;
  durationMs: number;
}

const round = (n: number) => Math.round(n * 100) / 100;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The pull_request.synchronize example with an installation (the example has none). */
function synchronizeTemplate(): Record<string, unknown> {
  const group = (defs as unknown as { name: string; examples: Record<string, unknown>[] }[]).find(
    (def) => def.name === "pull_request",
  );
  const example = group?.examples.find((e) => e.action === "synchronize");
  if (!example) throw new Error("no pull_request.synchronize example");
  return { ...structuredClone(example), installation: { id: 4242 } };
}

// ---- load generator (worker thread) -------------------------------------------------------

function send(
  agent: Agent,
  input: GeneratorInput,
  index: number,
): Promise<{ status: number | "error"; code?: string; end: number }> {
  const payload = structuredClone(input.template) as {
    number: number;
    pull_request: { number: number; head: { sha: string } };
  };
  const pr = 1 + (index % input.prs);
  payload.number = pr;
  payload.pull_request.number = pr;
  payload.pull_request.head.sha = randomBytes(20).toString("hex");
  const body = JSON.stringify(payload);
  const signature = createHmac("sha256", input.secret).update(body).digest("hex");
  return new Promise((resolve) => {
    const req = request(
      `${input.url}/api/github/webhooks`,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "x-github-event": "pull_request",
          "x-github-delivery": randomUUID(),
          "x-hub-signature-256": `sha256=${signature}`,
          "user-agent": "GitHub-Hookshot/bench",
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, end: performance.now() }));
      },
    );
    req.on("error", (error: NodeJS.ErrnoException) =>
      resolve({ status: "error", code: error.code ?? error.message, end: performance.now() }),
    );
    req.end(body);
  });
}

async function generateLoad(input: GeneratorInput): Promise<GeneratorOutput> {
  const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  // Warm-up: sequential, unmeasured (JIT, connections, first statements).
  for (let i = 0; i < input.warmup; i++) await send(agent, input, i);

  const interval = 1000 / input.rate;
  const start = performance.now() + 20;
  const pending: Promise<void>[] = [];
  const latenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let maxSendLagMs = 0;
  for (let i = 0; i < input.count; i++) {
    const scheduled = start + i * interval;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    maxSendLagMs = Math.max(maxSendLagMs, performance.now() - scheduled);
    pending.push(
      send(agent, input, input.warmup + i).then(({ status, code, end }) => {
        if (status === "error") errors++;
        const key = status === "error" ? `error ${code}` : String(status);
        statuses[key] = (statuses[key] ?? 0) + 1;
        latenciesMs.push(end - scheduled);
      }),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  return { latenciesMs, statuses, errors, maxSendLagMs, durationMs: performance.now() - start };
}

if (!isMainThread && workerData?.ackGenerator) {
  parentPort!.postMessage(await generateLoad(workerData.ackGenerator as GeneratorInput));
}

function runGenerator(input: GeneratorInput): Promise<GeneratorOutput> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { ackGenerator: input } });
    worker.once("message", (output: GeneratorOutput) => {
      resolve(output);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

async function measure(backend: AppBackend, options: Required<Omit<BenchAckOptions, "backend">>) {
  const secret = randomBytes(16).toString("hex");
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const parsed = parseEnv({
    APP_ID: "1",
    PRIVATE_KEY: privateKey,
    WEBHOOK_SECRET: secret,
    LOG_LEVEL: "warn",
    ...backend.vars,
  });
  if (!parsed.ok) throw new Error(parsed.message);
  const bootStart = performance.now();
  const app = await startApp(parsed.env, {
    port: 0,
    log: pino({ level: "warn" }, pino.destination(2)),
    // The real review pass would call GitHub; this measures the acknowledgement path, with the
    // worker still leasing and completing every job.
    jobHandlers: { RunReview: async (job, { log }) => log.info({ jobId: job.id }, "Would review") },
  });
  const bootMs = performance.now() - bootStart;
  try {
    const count = Math.round(options.rate * options.seconds);
    const out = await runGenerator({
      url: app.url,
      secret,
      rate: options.rate,
      count,
      warmup: 50,
      prs: options.prs,
      template: synchronizeTemplate(),
    });
    const sorted = [...out.latenciesMs].sort((a, b) => a - b);
    const ok = Object.entries(out.statuses)
      .filter(([status]) => status.startsWith("2"))
      .reduce((n, [, c]) => n + c, 0);
    const { rows } = await app.db.query<{ n: number }>("SELECT count(*)::int AS n FROM deliveries");
    return {
      backend: backend.name,
      bootMs: Math.round(bootMs),
      sent: count,
      achievedRatePerSec: round(count / (out.durationMs / 1000)),
      p50Ms: round(percentile(sorted, 50)),
      p90Ms: round(percentile(sorted, 90)),
      p99Ms: round(percentile(sorted, 99)),
      maxMs: round(sorted.at(-1) ?? Number.NaN),
      non2xx: count - ok,
      connectionErrors: out.errors,
      statuses: out.statuses,
      maxSendLagMs: round(out.maxSendLagMs),
      deliveriesStored: rows[0]!.n,
    };
  } finally {
    await app.stop();
    await backend.cleanup();
  }
}

/** Runs the benchmark on each available backend and returns the JSON report. */
export async function benchAck(opts: BenchAckOptions = {}): Promise<object> {
  const options = {
    rate: opts.rate ?? 200,
    seconds: opts.seconds ?? 10,
    prs: opts.prs ?? 50,
    databaseUrl:
      opts.databaseUrl ??
      process.env.TEST_DATABASE_URL ??
      "postgres://postgres@127.0.0.1:5432/test",
  };
  const results: object[] = [];
  const skipped: string[] = [];
  if (opts.backend !== "postgres") results.push(await measure(pgliteAppBackend("ack"), options));
  if (opts.backend !== "pglite") {
    const backend = await postgresAppBackend(options.databaseUrl);
    if (backend) results.push(await measure(backend, options));
    else skipped.push(`postgres: ${new URL(options.databaseUrl).host} unreachable`);
  }
  return {
    benchmark: "ack",
    delivery: "pull_request.synchronize, signed, open-loop",
    ratePerSec: options.rate,
    seconds: options.seconds,
    pullRequests: options.prs,
    target: "p99 < 50 ms at 200/s",
    results,
    skipped,
    node: process.version,
  };
}

if (import.meta.main && isMainThread) {
  console.log(JSON.stringify(await benchAck(), null, 2));
  process.exit(0);
}
