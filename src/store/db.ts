/** The result of one SQL statement, the same shape on every adapter. */
export interface QueryResult<Row> {
  rows: Row[];
  /** Rows inserted, updated or deleted (0 for plain SELECTs on some adapters). */
  rowCount: number;
}

/** Anything that runs SQL: the database itself or an open transaction. */
export interface Queryable {
  /** Runs one parameterized statement (`$1`, `$2`, …). */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<Row>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/**
 * The storage port. Every adapter speaks PostgreSQL SQL: PGlite (embedded, one process) or a
 * node-postgres pool (any number of replicas).
 */
export interface Db extends Queryable {
  readonly kind: "pglite" | "postgres";
  /**
   * Runs `fn` in one transaction (READ COMMITTED): commit when it resolves, roll back when it
   * throws. Inside, use only `tx.query` — on PGlite the outer `query` waits for the transaction.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Closes connections and releases locks; the Db is unusable afterwards. */
  close(): Promise<void>;
}
