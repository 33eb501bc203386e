import type { Db } from "./db.ts";

// Every repository-scoped table; `schema_migrations` is the only table without those columns.
const SCOPED_TABLES = [
  "jobs",
  "findings",
  "finding_dispositions",
  "reviews",
  "dispatches",
  "loops",
  "deliveries",
  "command_runs",
  "command_cooldowns",
  "llm_cache",
] as const;

/** Deleted rows per table. */
export type PurgeCounts = Record<(typeof SCOPED_TABLES)[number], number>;

async function purge(db: Db, where: string, params: unknown[]): Promise<PurgeCounts> {
  return db.transaction(async (tx) => {
    const counts = {} as PurgeCounts;
    for (const table of SCOPED_TABLES) {
      const { rowCount } = await tx.query(`DELETE FROM ${table} WHERE ${where}`, params);
      counts[table] = rowCount;
    }
    return counts;
  });
}

/** Deletes everything stored for one repository (the app was removed from it). */
export function purgeRepository(
  db: Db,
  installationId: number,
  repoId: number,
): Promise<PurgeCounts> {
  return purge(db, "installation_id = $1 AND repo_id = $2", [installationId, repoId]);
}

/** Deletes everything stored for an installation (the app was uninstalled). */
export function purgeInstallation(db: Db, installationId: number): Promise<PurgeCounts> {
  return purge(db, "installation_id = $1", [installationId]);
}
