import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { pino } from "pino";
import { inject } from "vitest";
import { type Env, parseEnv } from "../../src/env.ts";
import { type RunningApp, type StartOverrides, startApp } from "../../src/server/start-app.ts";
import type { Db } from "../../src/store/db.ts";
import { openPglite } from "../../src/store/open-pglite.ts";
import { openPostgres } from "../../src/store/open-postgres.ts";
import { testPrivateKey } from "./probot.ts";
import type { BackendName } from "./test-db.ts";

export const TEST_WEBHOOK_SECRET = "e2e-webhook-secret";

/** A valid app environment (APP_ID, key, secret) with `extra` variables on top. */
export function testEnv(extra: Record<string, string> = {}): Env {
  const parsed = parseEnv({
    APP_ID: "123",
    PRIVATE_KEY: testPrivateKey,
    WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    LOG_LEVEL: "silent",
    ...extra,
  });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.env;
}

/**
 * Boots the real app in this process on a free port, on a fresh in-memory PGlite cloned from
 * the suite's snapshot. The app owns the store: `app.stop()` closes it.
 */
export function startTestApp(overrides: StartOverrides = {}): Promise<RunningApp> {
  return startApp(testEnv(), {
    port: 0,
    log: pino({ level: "silent" }),
    openStore: () =>
      openPglite({ loadDataDir: new Blob([readFileSync(inject("pgliteSnapshot"))]) }),
    pollMs: 20,
    ...overrides,
  });
}

/** A store for `startApp`'s `openStore`: the app owns and closes it; `cleanup` drops it after. */
export interface TestStore {
  openStore: () => Promise<Db>;
  /** After the app stopped: drops the PostgreSQL schema (PGlite lived in memory). */
  cleanup(): Promise<void>;
}

/**
 * A fresh store on `backend`: in-memory PGlite from the suite's snapshot, or a new schema
 * `e2e_<random>` on the server from `inject("postgresUrl")` (migrated by the app itself).
 */
export function testStore(backend: BackendName): TestStore {
  if (backend === "pglite") {
    return {
      openStore: () =>
        openPglite({ loadDataDir: new Blob([readFileSync(inject("pgliteSnapshot"))]) }),
      cleanup: async () => {},
    };
  }
  const url = inject("postgresUrl");
  const schema = `e2e_${randomBytes(6).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    async openStore() {
      await admin(`CREATE SCHEMA ${schema}`);
      return openPostgres({ connectionString: url, schema, max: 10 });
    },
    cleanup: () => admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`),
  };
}

/** `sha256=<hex>` as GitHub signs a delivery body. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

export interface Delivery {
  event: string;
  payload: unknown;
  id?: string;
  /** Defaults to the app's secret; pass another to sign wrongly. */
  secret?: string;
}

/** POSTs a signed webhook to the app's webhook path, as GitHub does. */
export async function postWebhook(
  app: Pick<RunningApp, "url">,
  delivery: Delivery,
): Promise<{ status: number; id: string; body: string }> {
  const id = delivery.id ?? randomUUID();
  const body = JSON.stringify(delivery.payload);
  const response = await fetch(`${app.url}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": delivery.event,
      "x-github-delivery": id,
      "x-hub-signature-256": signBody(delivery.secret ?? TEST_WEBHOOK_SECRET, body),
      "user-agent": "GitHub-Hookshot/test",
    },
    body,
  });
  return { status: response.status, id, body: await response.text() };
}
