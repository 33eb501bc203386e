import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

/** Where a benchmarked app keeps its state: the environment variables that select it. */
export interface AppBackend {
  name: "pglite" | "postgres";
  vars: Record<string, string>;
  cleanup(): Promise<void>;
}

/** A fresh PGlite data directory under the system's temp dir, removed by `cleanup`. */
export function pgliteAppBackend(prefix: string): AppBackend {
  const dir = mkdtempSync(join(tmpdir(), `reviewloop-bench-${prefix}-`));
  return {
    name: "pglite",
    vars: { REVIEWLOOP_DATA_DIR: join(dir, "data") },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A fresh database on the server, dropped by `cleanup`; null when the server does not answer. */
export async function postgresAppBackend(url: string): Promise<AppBackend | null> {
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  const database = `reviewloop_bench_${randomBytes(4).toString("hex")}`;
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const benchUrl = new URL(url);
  benchUrl.pathname = `/${database}`;
  return {
    name: "postgres",
    vars: { DATABASE_URL: benchUrl.toString() },
    async cleanup() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await client.end();
    },
  };
}
