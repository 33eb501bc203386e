import { existsSync } from "node:fs";
import { parseEnv } from "../env.ts";
import { DataDirLockedError } from "../store/data-dir-lock.ts";
import type { Db } from "../store/db.ts";
import { migrate } from "../store/migrate.ts";
import { openDb } from "../store/open-db.ts";
import { UsageError } from "./usage-error.ts";

/**
 * Opens the app's store as the app would: `DATABASE_URL` (PostgreSQL, safe while the app runs)
 * or else the PGlite directory `REVIEWLOOP_DATA_DIR`. PGlite allows one process, so while the app
 * holds the directory this refuses with a message saying so instead of waiting or corrupting it.
 */
export async function openCliStore(source: Record<string, string | undefined>): Promise<Db> {
  const parsed = parseEnv(source);
  if (!parsed.ok) throw new UsageError(parsed.message);
  const { databaseUrl, dataDir } = parsed.env;
  if (!databaseUrl && !existsSync(dataDir)) {
    throw new UsageError(
      `no data directory at ${dataDir}; set REVIEWLOOP_DATA_DIR or DATABASE_URL as the app has them`,
    );
  }
  let db: Db;
  try {
    db = await openDb({ databaseUrl, dataDir, poolSize: 1 });
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      throw new UsageError(
        `${error.message}. PGlite allows one process at a time: stop the app, run this command, then start the app again`,
      );
    }
    throw error;
  }
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
