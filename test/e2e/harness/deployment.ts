import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { openPglite } from "../../../src/store/open-pglite.ts";
import type { BackendName } from "../../helpers/test-db.ts";

/**
 * The storage of one deployment of the app: a fresh PostgreSQL database, or a fresh PGlite data
 * directory. Every process started on it (restarts, a second replica) shares it.
 */
export interface Deployment {
  backend: BackendName;
  /** `DATABASE_URL` or `REVIEWLOOP_DATA_DIR`, for the app's environment. */
  env: Record<string, string>;
  /**
   * Runs one SQL statement on the deployment's database, as an operator would. On PGlite the
   * data directory belongs to the app: call this only while no app process runs on it.
   */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Drops the database (or deletes the data directory). */
  cleanup(): Promise<void>;
}

/** A new, empty deployment on `backend` (PostgreSQL: `CREATE DATABASE e2e_<random>`). */
export function createDeployment(backend: BackendName): Promise<Deployment> {
  return backend === "postgres" ? createPostgresDeployment() : createPgliteDeployment();
}

async function createPostgresDeployment(): Promise<Deployment> {
  const adminUrl = inject("postgresUrl");
  if (!adminUrl) throw new Error("the postgres backend needs TEST_DATABASE_URL");
  const name = `e2e_${randomBytes(6).toString("hex")}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  return {
    backend: "postgres",
    env: { DATABASE_URL: databaseUrl },
    query: async <Row>(sql: string, params?: unknown[]) =>
      withClient(databaseUrl, async (client) => (await client.query(sql, params)).rows as Row[]),
    async cleanup() {
      await withClient(adminUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      );
    },
  };
}

async function createPgliteDeployment(): Promise<Deployment> {
  const dataDir = mkdtempSync(join(tmpdir(), "reviewloop-e2e-"));
  // Start from the suite's initdb snapshot: the app's first open is then as fast as a restart.
  const seeded = await openPglite({
    dataDir,
    loadDataDir: new Blob([readFileSync(inject("pgliteSnapshot"))]),
  });
  await seeded.close();
  return {
    backend: "pglite",
    env: { REVIEWLOOP_DATA_DIR: dataDir },
    async query<Row>(sql: string, params?: unknown[]) {
      const db = await openPglite({ dataDir });
      try {
        return (await db.query<Row>(sql, params)).rows;
      } finally {
        await db.close();
      }
    },
    cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
