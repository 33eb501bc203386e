import { pino } from "pino";
import { parseEnv } from "../src/env.ts";
import { startApp } from "../src/server/start-app.ts";
import {
  createGitHubSimulator,
  filesFromDiff,
  pullRequestPayload,
  sendWebhook,
} from "../test/e2e/github-simulator/index.ts";
import { testPrivateKey } from "../test/helpers/probot.ts";
import { type AppBackend, type BackendChoice, measureOnBackends } from "./app-backends.ts";

export interface BenchPassOptions extends BackendChoice {
  /** Pull requests reviewed, one after another (default 10). */
  prs?: number;
  /** Milliseconds the simulator waits before each answer (default 50, a GitHub-like round trip). */
  latency?: number;
}

const SECRET = "bench-pass-secret";
const DIFF = `diff --git a/src/app.ts b/src/app.ts
index 1111111..2222222 100644
--- a/src/app.ts
+++ b/src/app.ts
@@ -1,2 +1,5 @@
 export function main() {
+  console.log("debug");
+  // TODO: tidy
+  return 2;
 }
`;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function measure(backend: AppBackend, prs: number, latency: number) {
  const sim = await createGitHubSimulator();
  sim.seedRepo({ owner: "acme", name: "bench", installationId: 7 });
  sim.seedConfig("acme/bench", "engines:\n  builtin:\n    rules:\n      missing-tests: false\n");
  for (let n = 1; n <= prs; n++) {
    sim.seedPullRequest({
      repo: "acme/bench",
      number: n,
      author: "alice",
      base: { ref: "main", sha: "a".repeat(40) },
      head: { ref: `feature-${n}`, sha: n.toString(16).padStart(40, "0") },
      files: filesFromDiff(DIFF),
    });
  }
  const parsed = parseEnv({
    APP_ID: "123",
    PRIVATE_KEY: testPrivateKey,
    WEBHOOK_SECRET: SECRET,
    GHE_HOST: sim.gheHost,
    GHE_PROTOCOL: "http",
    LOG_LEVEL: "warn",
    ...backend.vars,
  });
  if (!parsed.ok) throw new Error(parsed.message);
  const app = await startApp(parsed.env, {
    port: 0,
    log: pino({ level: "warn" }, pino.destination(2)),
    pollMs: 20,
  });
  sim.setLatency(latency);
  const passes: { ms: number; requests: Record<string, number> }[] = [];
  try {
    for (let n = 1; n <= prs; n++) {
      const before = sim.requests.length;
      const started = performance.now();
      await sendWebhook(app.url, {
        name: "pull_request",
        payload: pullRequestPayload(sim, { repo: "acme/bench", number: n, action: "opened" }),
        secret: SECRET,
      });
      const head = n.toString(16).padStart(40, "0");
      for (;;) {
        const run = sim.state.checkRuns.find((r) => r.headSha === head);
        if (run?.status === "completed") break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const ms = performance.now() - started;
      const requests: Record<string, number> = {};
      // The token exchange happens once per installation and hour, not per pass.
      for (const request of sim.requests.slice(before)) {
        if (request.path.startsWith("/app/")) continue;
        requests[request.method] = (requests[request.method] ?? 0) + 1;
      }
      passes.push({ ms, requests });
    }
  } finally {
    await app.stop();
    await sim.close();
  }
  const steady = passes.slice(1);
  const total = (p: (typeof passes)[number]) =>
    Object.values(p.requests).reduce((a, b) => a + b, 0);
  return {
    backend: backend.name,
    prs,
    latencyMs: latency,
    violations: sim.violations.length,
    requestsPerPass: median(steady.map(total)),
    requestsByMethod: steady.at(-1)?.requests,
    webhookToCompletedMs: {
      median: Math.round(median(steady.map((p) => p.ms))),
      min: Math.round(Math.min(...steady.map((p) => p.ms))),
      max: Math.round(Math.max(...steady.map((p) => p.ms))),
    },
  };
}

/** Runs the pass benchmark on each available backend and returns one report per backend. */
export async function benchPass(options: BenchPassOptions = {}) {
  const prs = Math.max(2, options.prs ?? 10);
  const latency = options.latency ?? 50;
  const reports = await measureOnBackends("pass", options, (backend) =>
    measure(backend, prs, latency),
  );

  return { node: process.version, date: new Date().toISOString(), reports };
}
