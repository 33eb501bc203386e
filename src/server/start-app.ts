import type { Logger } from "pino";
import type { ProbotOctokit, Server } from "probot";
import { createApp } from "../app.ts";
import { loadTokenizer } from "../engines/llm/count-tokens.ts";
import { llmSettingsFromEnv } from "../engines/llm/llm-settings.ts";
import type { LlmUsage } from "../engines/llm/llm-types.ts";
import type { Env } from "../env.ts";
import { workerGitHubClients } from "../github/worker-github-clients.ts";
import { createWorker, type Worker } from "../jobs/create-worker.ts";
import type { JobFailureReporter, JobHandler } from "../jobs/job-types.ts";
import { queueStats } from "../jobs/queue-stats.ts";
import { createFailureReporters, createJobHandlers } from "../jobs-handlers/create-job-handlers.ts";
import { setRemediationTimeScale } from "../loop/remediation-jobs.ts";
import { createMetrics, type Metrics } from "../metrics.ts";
import { createRetentionHandler } from "../retention-job/create-retention-handler.ts";
import { RETENTION_KIND } from "../retention-job/enqueue-retention.ts";
import { type RetentionSchedule, scheduleRetention } from "../retention-job/schedule-retention.ts";
import type { Db } from "../store/db.ts";
import { migrate } from "../store/migrate.ts";
import { openDb } from "../store/open-db.ts";
import { coalesce } from "./coalesce.ts";
import { createLogger } from "./create-logger.ts";
import { createServer } from "./create-server.ts";
import { createHealthRoute } from "./health-route.ts";
import { createMetricsRoute } from "./metrics-route.ts";
import { readPrivateKey } from "./read-private-key.ts";

/** Test and benchmark hooks; production passes none. */
export interface StartOverrides {
  log?: Logger;
  /** Opens the store instead of `openDb(env)`; the app owns it and closes it on stop. */
  openStore?: () => Promise<Db>;
  jobHandlers?: Record<string, JobHandler>;
  /** When this process enqueues the hourly retention job (tests shorten it). */
  retention?: RetentionSchedule;
  /** Replaces the failure reporters of `createFailureReporters` (tests). */
  reporters?: Record<string, JobFailureReporter>;
  /** Listen here instead of `env.port`; 0 picks a free port. */
  port?: number;
  pollMs?: number;
  leaseMs?: number;
  /** How long `stop()` lets in-flight jobs finish (default 25 s, inside Kubernetes' 30 s grace). */
  shutdownDeadlineMs?: number;
  Octokit?: typeof ProbotOctokit;
}

/** A running process: HTTP server, worker and store. */
export interface RunningApp {
  server: Server;
  worker: Worker;
  db: Db;
  metrics: Metrics;
  log: Logger;
  port: number;
  /** `http://host:port` the server listens on. */
  url: string;
  /** Stops accepting requests, lets in-flight jobs finish (up to the deadline), closes the store. */
  stop(): Promise<void>;
}

const DEFAULT_POLL_MS = 250;
const DEFAULT_SHUTDOWN_DEADLINE_MS = 25_000;
// Webhook handlers each hold a connection for one short transaction; jobs hold one each.
const EXTRA_CONNECTIONS = 6;
// A review waits this much longer at most; a burst of deliveries shares one lease.
const WAKE_COALESCE_MS = 20;

/** A URL to reach the server from this machine (a wildcard address is not one). */
export function localUrl(host: string, port: number): string {
  const reachable = host === "[::]" || host === "0.0.0.0" ? "127.0.0.1" : host;
  return `http://${reachable}:${port}`;
}

/**
 * Starts the app: 1. read the private key, 2. open and migrate the store, 3. create the worker,
 * 4. build the server with the app and the /healthz and /metrics routes, 5. start the worker,
 * 6. listen. Anything opened is closed again when a later step fails.
 */
export async function startApp(env: Env, overrides: StartOverrides = {}): Promise<RunningApp> {
  if (env.appId === undefined) throw new Error("startApp needs APP_ID (setup mode runs instead)");
  const log = overrides.log ?? createLogger(env);
  const pollMs = overrides.pollMs ?? DEFAULT_POLL_MS;

  // 1.
  const privateKey = readPrivateKey(env);
  if (env.remediationTimeScale !== undefined) setRemediationTimeScale(env.remediationTimeScale);
  // 2.
  const db = await (overrides.openStore?.() ??
    openDb({
      databaseUrl: env.databaseUrl,
      dataDir: env.dataDir,
      poolSize: env.workerConcurrency + EXTRA_CONNECTIONS,
    }));
  let worker: Worker | undefined;
  try {
    const applied = await migrate(db);
    if (applied.length > 0) log.info({ versions: applied }, "Applied migrations");
    // 3.
    const metrics = createMetrics(() => queueStats(db));
    const llmSettings = llmSettingsFromEnv(env.llm);
    // Before any job runs: loading the tokenizer blocks the event loop for about half a second.
    if (llmSettings !== undefined) loadTokenizer();
    const handlerDeps = {
      db,
      github: workerGitHubClients({ env, privateKey, log, Octokit: overrides.Octokit }),
      dryRun: env.dryRun,
      githubTimeoutMs: env.githubTimeoutMs,
      ...(env.fixerWebhook.url !== undefined && env.fixerWebhook.secret !== undefined
        ? { fixerWebhook: { url: env.fixerWebhook.url, secret: env.fixerWebhook.secret } }
        : {}),
      maxRoundsInFlight: env.maxRoundsInFlight,
      ...(llmSettings === undefined
        ? {}
        : { llm: llmSettings, onLlmUsage: (usage: LlmUsage) => metrics.llmUsed(usage) }),
      // Never kept in a diagnostic: log tails are scrubbed of these.
      secrets: [privateKey, env.webhookSecret, env.fixerWebhook.secret, env.llm.apiKey].filter(
        (value): value is string => typeof value === "string" && value.length > 0,
      ),
      ...(env.gheHost === undefined ? {} : { htmlBaseUrl: `${env.gheProtocol}://${env.gheHost}` }),
    };
    const startedWorker = createWorker({
      db,
      handlers: {
        ...(overrides.jobHandlers ?? createJobHandlers(handlerDeps)),
        [RETENTION_KIND]: createRetentionHandler({ db, retentionDays: env.retentionDays }),
      },
      // A job that dies is reported by the reporter of its kind (ReportFailure jobs).
      reporters: overrides.reporters ?? createFailureReporters(handlerDeps),
      concurrency: env.workerConcurrency,
      pollMs,
      ...((overrides.leaseMs ?? env.leaseMs) ? { leaseMs: overrides.leaseMs ?? env.leaseMs } : {}),
      log: log.child({ name: "worker" }),
      observer: metrics,
    });
    worker = startedWorker;
    const wakeWorker = coalesce(() => startedWorker.wake(), WAKE_COALESCE_MS);
    // 4.
    const server = await createServer({
      env,
      privateKey,
      log,
      appFn: createApp({
        db,
        onEnqueued: wakeWorker,
        onDelivery: (event) => metrics.deliveryReceived(event),
      }),
      routes: [
        createHealthRoute({
          db,
          // 0 means the worker never ran.
          heartbeatAt: () => startedWorker.heartbeatAt() || null,
          staleAfterMs: Math.max(10 * pollMs, 5_000),
        }),
        createMetricsRoute(metrics),
      ],
      ...(overrides.Octokit ? { Octokit: overrides.Octokit } : {}),
      ...(overrides.port !== undefined ? { port: overrides.port } : {}),
    });
    // 5. and 6.
    startedWorker.start();
    await server.start();
    // Every replica schedules; the hour's dedupe key makes one run per hour across them all.
    const stopRetention = scheduleRetention({
      db,
      log: log.child({ name: "retention" }),
      onEnqueued: wakeWorker,
      ...overrides.retention,
    });

    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        stopRetention();
        await server.stop();
        await startedWorker.stop({
          deadlineMs: overrides.shutdownDeadlineMs ?? DEFAULT_SHUTDOWN_DEADLINE_MS,
        });
        await db.close();
        log.info("Stopped");
      })();
      return stopping;
    };
    return {
      server,
      worker: startedWorker,
      db,
      metrics,
      log,
      port: server.port,
      url: localUrl(server.host, server.port),
      stop,
    };
  } catch (error) {
    await worker?.stop({ deadlineMs: 0 }).catch(() => {});
    await db.close().catch(() => {});
    throw error;
  }
}
