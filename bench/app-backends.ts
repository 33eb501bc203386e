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

/** Which backends a benchmark runs on, and the PostgreSQL server to use. */
export interface BackendChoice {
  /** Only this backend (default: PGlite, then PostgreSQL when reachable). */
  backend?: "pglite" | "postgres";
  /** PostgreSQL server (default TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test). */
  databaseUrl?: string;
}

/**
 * Runs `measure` on a fresh PGlite directory, then on a fresh PostgreSQL database when the
 * server answers (or only on the chosen backend), cleaning each up; one report per backend.
 */
export async function measureOnBackends<T>(
  prefix: string,
  choice: BackendChoice,
  measure: (backend: AppBackend) => Promise<T>,
): Promise<T[]> {
  const url =
    choice.databaseUrl ??
    process.env.TEST_DATABASE_URL ??
    "postgres://postgres@127.0.0.1:5432/test";
  const reports: T[] = [];
  const backends = [
    choice.backend === "postgres" ? null : async () => pgliteAppBackend(prefix),
    choice.backend === "pglite" ? null : () => postgresAppBackend(url),
  ];
  for (const open of backends) {
    const backend = open === null ? null : await open();
    if (backend === null) continue;
    try {
      reports.push(await measure(backend));
    } finally {
      await backend.cleanup();
    }
  }
  return reports;
}
