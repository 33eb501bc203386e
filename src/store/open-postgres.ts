import pg from "pg";
import type { Db, Queryable, QueryResult } from "./db.ts";

export interface PostgresOptions {
  connectionString: string;
  /** Pool size per process. */
  max?: number;
  /** Schema to use as `search_path` (tests give each file its own). */
  schema?: string;
}

// int8 (GitHub ids, counts) as JS numbers: every id we store is below 2^53.
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === 20
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Opens a node-postgres pool behind the Db port. */
export async function openPostgres(options: PostgresOptions): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    types,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // A broken idle client must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  await pool.query("SELECT 1");

  const run = async <Row>(
    client: pg.Pool | pg.PoolClient,
    sql: string,
    params?: unknown[],
  ): Promise<QueryResult<Row>> => {
    const result = await client.query(sql, params as unknown[]);
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  };

  return {
    kind: "postgres",
    query: (sql, params) => run(pool, sql, params),
    exec: async (sql) => {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      const tx: Queryable = {
        query: (sql, params) => run(client, sql, params),
        exec: async (sql) => {
          await client.query(sql);
        },
      };
      try {
        await client.query("BEGIN");
        const value = await fn(tx);
        await client.query("COMMIT");
        return value;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
