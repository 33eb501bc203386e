import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/store/db.ts";
import { openPglite } from "../../src/store/open-pglite.ts";

const openPgliteModule = resolve("src/store/open-pglite.ts");

/** Opens `dir` with PGlite in a separate Node process; returns its exit code and stderr. */
function openInAnotherProcess(dir: string) {
  const script = `
    import { openPglite } from ${JSON.stringify(openPgliteModule)};
    try {
      const db = await openPglite({ dataDir: ${JSON.stringify(dir)} });
      await db.query("SELECT 1");
      await db.close();
      console.log("opened");
    } catch (error) {
      console.error(error.message);
      process.exit(3);
    }`;
  return spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
}

describe("store/PGlite data directory lock", () => {
  let root: string;
  let dir: string;
  let db: Db;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "reviewloop-lock-"));
    dir = join(root, "data");
    db = await openPglite({ dataDir: dir });
  });
  afterAll(async () => {
    await db.close().catch(() => {});
    rmSync(root, { recursive: true, force: true });
  });

  it("refuses a second process with a message naming the directory and the holder", () => {
    const second = openInAnotherProcess(dir);

    expect(second.status).toBe(3);
    expect(second.stderr).toContain(`data directory ${dir} is in use by process ${process.pid}`);
  });

  it("refuses a second open in the same process", async () => {
    await expect(openPglite({ dataDir: dir })).rejects.toThrow(/already open in this process/);
  });

  it("lets another process in once the holder closed the store", async () => {
    await db.query("CREATE TABLE kept (x int)");
    await db.close();

    const second = openInAnotherProcess(dir);

    expect(second.stderr).toBe("");
    expect(second.stdout.trim()).toBe("opened");
  });

  it("takes over a lock left behind by a process that died", () => {
    // A crashed holder leaves its lock file behind, naming a pid that no longer runs.
    writeFileSync(join(dir, "reviewloop.lock"), "999999\n");

    const second = openInAnotherProcess(dir);

    expect(second.stdout.trim()).toBe("opened");
  });
});
