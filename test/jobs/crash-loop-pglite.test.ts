import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { REPORT_FAILURE_KIND } from "../../src/jobs/enqueue-failure-report-sql.ts";
import { enqueueJob } from "../../src/jobs/enqueue-job.ts";
import { LEASE_EXPIRED_MESSAGE } from "../../src/jobs/reap-expired-leases.ts";
import { migrate } from "../../src/store/migrate.ts";
import { openPglite } from "../../src/store/open-pglite.ts";

// Each child process opens the data directory (~0.5–3 s).
vi.setConfig({ testTimeout: 120_000 });

const CHILD = fileURLToPath(new URL("./fixtures/lease-then-die.ts", import.meta.url));

/** Runs the child once; its one line of output. */
function runChild(dataDir: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", () => {
      const line = out.trim().split("\n").at(-1);
      if (!line) reject(new Error(`the child printed nothing: ${err}`));
      else resolve(JSON.parse(line) as Record<string, unknown>);
    });
  });
}

/**
 * With PGlite the app process is the database server: kill -9 of the app is a crash of the
 * database. A job that kills its process on every attempt must still use up its attempts, die
 * and be reported — not run again as attempt 1 forever because the crash lost its lease.
 */
describe("jobs on PGlite: a job that crashes the process on every attempt", () => {
  it("is leased as attempts 1, 2, 3 across kill -9s, then dies with a failure report", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "reviewloop-crash-loop-"));
    try {
      const setup = await openPglite({ dataDir });
      await migrate(setup);
      await enqueueJob(setup, {
        kind: "X",
        installationId: 1,
        repoId: 1,
        payload: {},
        dedupeKey: "crash-loop",
        maxAttempts: 3,
      });
      await setup.close();

      const seen: Record<string, unknown>[] = [];
      for (let run = 0; run < 6; run++) {
        const line = await runChild(dataDir);
        seen.push(line);
        if (line.dead === true || line.gaveUp === true) break;
      }

      expect(seen).toEqual([
        { leased: 1 },
        { leased: 2 },
        { leased: 3 },
        { dead: true, next: REPORT_FAILURE_KIND },
      ]);
      const db = await openPglite({ dataDir });
      try {
        const { rows } = await db.query<{ kind: string; status: string; last_error: unknown }>(
          "SELECT kind, status, last_error FROM jobs ORDER BY id",
        );
        expect(rows.map((row) => row.kind)).toEqual(["X", REPORT_FAILURE_KIND]);
        expect(rows[0]?.status).toBe("dead");
        const lastError = rows[0]?.last_error as { attempts?: { message: string }[] } | undefined;
        expect(lastError?.attempts?.map((a) => a.message)).toEqual([
          LEASE_EXPIRED_MESSAGE,
          LEASE_EXPIRED_MESSAGE,
          LEASE_EXPIRED_MESSAGE,
        ]);
      } finally {
        await db.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
