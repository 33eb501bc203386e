import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { inject } from "vitest";
import type { Db } from "../../src/store/db.ts";
import { migrate } from "../../src/store/migrate.ts";
import { openPglite } from "../../src/store/open-pglite.ts";
import { openPostgres } from "../../src/store/open-postgres.ts";

export type BackendName = "pglite" | "postgres";

/** A fresh database of its own for one test file (or one test). */
export interface TestDatabase {
  db: Db;
  /** Another connection (pool) to the same database: a second replica on PostgreSQL, the same Db on PGlite. */
  openAnother(): Promise<Db>;
  /** Closes every connection and drops the database. */
  cleanup(): Promise<void>;
}

/** The backends to run store tests on: PGlite always, PostgreSQL when CI provides it. */
export function testBackends(): BackendName[] {
  return inject("postgresUrl") ? ["pglite", "postgres"] : ["pglite"];
}

async function openPgliteTestDb(): Promise<TestDatabase> {
  const snapshot = readFileSync(inject("pgliteSnapshot"));
  const db = await openPglite({ loadDataDir: new Blob([snapshot]) });
  return { db, openAnother: async () => db, cleanup: () => db.close() };
}

async function openPostgresTestDb(): Promise<TestDatabase> {
  const url = inject("postgresUrl");
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const pools: Db[] = [];
  const open = async () => {
    const db = await openPostgres({ connectionString: url, schema, max: 5 });
    pools.push(db);
    return db;
  };
  const db = await open();
  return {
    db,
    openAnother: open,
    async cleanup() {
      await Promise.all(pools.map((pool) => pool.close()));
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}

/** Opens a new, empty database on `backend`; migrated unless `{ migrate: false }`. */
export async function openTestDb(
  backend: BackendName,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const test = backend === "pglite" ? await openPgliteTestDb() : await openPostgresTestDb();
  if (options.migrate !== false) await migrate(test.db);
  return test;
}
