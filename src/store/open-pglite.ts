import { PGlite } from "@electric-sql/pglite";
import { lockDataDir } from "./data-dir-lock.ts";
import type { Db, Queryable, QueryResult } from "./db.ts";

export interface PgliteOptions {
  /** Directory of the database files; omitted → in memory. */
  dataDir?: string;
  /** A `dumpDataDir()` snapshot to start from (fast per-test databases). */
  loadDataDir?: Blob;
}

// int8 as JS numbers, the same as the postgres adapter.
const parsers = { 20: (value: string) => Number(value) };

function toResult<Row>(result: { rows: unknown[]; affectedRows?: number }): QueryResult<Row> {
  return { rows: result.rows as Row[], rowCount: result.affectedRows ?? 0 };
}

/** Opens embedded PGlite behind the Db port, holding a lock file on its data directory. */
export async function openPglite(options: PgliteOptions = {}): Promise<Db> {
  const lock = options.dataDir ? lockDataDir(options.dataDir) : null;
  let pg: PGlite;
  try {
    pg = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      parsers,
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  return {
    kind: "pglite",
    query: async (sql, params) => toResult(await pg.query(sql, params)),
    exec: async (sql) => {
      await pg.exec(sql);
    },
    transaction: (fn) =>
      pg.transaction(async (tx) => {
        const scoped: Queryable = {
          query: async (sql, params) => toResult(await tx.query(sql, params)),
          exec: async (sql) => {
            await tx.exec(sql);
          },
        };
        return fn(scoped);
      }),
    async close() {
      try {
        await pg.close();
      } finally {
        lock?.release();
      }
    },
  };
}

/** Creates an empty in-memory database and returns its snapshot (for fast test databases). */
export async function snapshotEmptyPglite(): Promise<Blob> {
  const pg = await PGlite.create({ parsers });
  const dump = await pg.dumpDataDir("none");
  await pg.close();
  return dump;
}
