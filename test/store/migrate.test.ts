import { afterEach, describe, expect, it } from "vitest";
import { loadMigrations, migrate } from "../../src/store/migrate.ts";
import { openTestDb, type TestDatabase, testBackends } from "../helpers/test-db.ts";

const allVersions = loadMigrations().map((migration) => migration.version);

describe.each(testBackends())("store/migrate on %s", (backend) => {
  let test: TestDatabase;
  afterEach(async () => {
    await test.cleanup();
  });

  it("creates every repository-scoped table and records the version", async () => {
    test = await openTestDb(backend, { migrate: false });

    const applied = await migrate(test.db);

    expect(applied).toEqual(allVersions);
    expect(allVersions[0]).toBe(1);
    const { rows } = await test.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = current_schema() ORDER BY table_name`,
    );
    expect(rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining([
        "deliveries",
        "dispatches",
        "findings",
        "jobs",
        "llm_cache",
        "loops",
        "reviews",
        "schema_migrations",
      ]),
    );
  });

  it("does nothing when run again", async () => {
    test = await openTestDb(backend, { migrate: false });
    await migrate(test.db);

    const second = await migrate(test.db);

    expect(second).toEqual([]);
    const { rows } = await test.db.query("SELECT version FROM schema_migrations");
    expect(rows).toHaveLength(allVersions.length);
  });

  it("serializes two processes migrating at once: each migration applies exactly once", async () => {
    test = await openTestDb(backend, { migrate: false });
    const other = await test.openAnother();

    const results = await Promise.all([migrate(test.db), migrate(other)]);

    expect(results.flat().sort((a, b) => a - b)).toEqual(allVersions);
  });

  it("rolls back a failing migration completely", async () => {
    test = await openTestDb(backend, { migrate: false });

    const broken = [{ version: 1, name: "broken", sql: "CREATE TABLE a (x int); SELECT nope;" }];

    await expect(migrate(test.db, broken)).rejects.toThrow();
    const { rows } = await test.db.query(
      "SELECT 1 FROM information_schema.tables WHERE table_name = 'a' AND table_schema = current_schema()",
    );
    expect(rows).toHaveLength(0);
  });
});
