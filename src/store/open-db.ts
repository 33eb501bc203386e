import type { Db } from "./db.ts";
import { openPglite } from "./open-pglite.ts";
import { openPostgres } from "./open-postgres.ts";

export interface StoreOptions {
  /** PostgreSQL connection string; when set, PGlite is not used. */
  databaseUrl?: string;
  /** PGlite data directory (default `./data`). */
  dataDir: string;
  /** Pool size on PostgreSQL. */
  poolSize?: number;
}

/** Opens the configured store: PostgreSQL when a URL is given, else embedded PGlite. */
export function openDb(options: StoreOptions): Promise<Db> {
  if (options.databaseUrl) {
    return openPostgres({ connectionString: options.databaseUrl, max: options.poolSize });
  }
  return openPglite({ dataDir: options.dataDir });
}
