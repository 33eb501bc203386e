import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { snapshotEmptyPglite } from "../src/store/open-pglite.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** File holding a dumpDataDir() snapshot of an empty PGlite database. */
    pgliteSnapshot: string;
    /** TEST_DATABASE_URL when it is set and the server answers, else "". */
    postgresUrl: string;
  }
}

/**
 * TEST_DATABASE_URL when it is set and the server answers, else "". Under CI (`CI` set) a
 * missing or unreachable PostgreSQL throws: a CI run never silently tests PGlite only. Locally
 * it warns and the PostgreSQL backend is left out.
 */
export async function reachablePostgres(
  env: Record<string, string | undefined> = process.env,
): Promise<string> {
  const ci = env.CI !== undefined && env.CI !== "" && env.CI !== "false";
  const url = env.TEST_DATABASE_URL;
  if (!url) {
    if (ci)
      throw new Error("[test] CI needs TEST_DATABASE_URL: the tests run on PGlite and PostgreSQL");
    console.warn("[test] TEST_DATABASE_URL is not set: store and job tests run on PGlite only");
    return "";
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return url;
  } catch (error) {
    const problem = `[test] PostgreSQL at ${url} is unreachable (${(error as Error).message})`;
    if (ci) throw new Error(`${problem}: CI runs every test on PostgreSQL too`);
    console.warn(`${problem}: SKIPPING the PostgreSQL backend`);
    return "";
  } finally {
    await client.end().catch(() => {});
  }
}

/** Runs once before all test files: one PGlite initdb shared as a snapshot, one reachability probe. */
export default async function setup(project: TestProject): Promise<void> {
  const snapshot = join(tmpdir(), `reviewloop-pglite-${process.pid}.tar`);
  const blob = await snapshotEmptyPglite();
  writeFileSync(snapshot, Buffer.from(await blob.arrayBuffer()));
  project.provide("pgliteSnapshot", snapshot);
  project.provide("postgresUrl", await reachablePostgres());
}
