import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { createJobsCommand } from "../../src/cli/jobs-command.ts";
import { enqueueJob } from "../../src/jobs/enqueue-job.ts";
import { failJob } from "../../src/jobs/fail-job.ts";
import { leaseJobs } from "../../src/jobs/lease-jobs.ts";
import type { Db } from "../../src/store/db.ts";
import { migrate } from "../../src/store/migrate.ts";
import { openPglite } from "../../src/store/open-pglite.ts";
import { openPostgres } from "../../src/store/open-postgres.ts";
import { testBackends } from "../helpers/test-db.ts";

/** A store the CLI opens by its environment, and a way for the test to open it too. */
interface CliStore {
  env: Record<string, string>;
  /** Opens the store for the test; close it before running the CLI on PGlite. */
  open(): Promise<Db>;
  cleanup(): Promise<void>;
}

async function pgliteStore(): Promise<CliStore> {
  const dir = mkdtempSync(join(tmpdir(), "reviewloop-jobs-cli-"));
  return {
    env: { REVIEWLOOP_DATA_DIR: dir },
    open: () => openPglite({ dataDir: dir }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresStore(): Promise<CliStore> {
  const url = inject("postgresUrl");
  const schema = `cli_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const separator = url.includes("?") ? "&" : "?";
  return {
    env: { DATABASE_URL: `${url}${separator}options=-c%20search_path%3D${schema}` },
    open: () => openPostgres({ connectionString: url, schema, max: 2 }),
    async cleanup() {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

/** Runs `reviewloop jobs …` in this process with `env` as its environment. */
async function runJobs(env: Record<string, string>, argv: string[]) {
  let stdout = "";
  let stderr = "";
  const status = await createJobsCommand(env).run(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { status, stdout, stderr };
}

describe.each(testBackends())("cli/jobs on %s", (backend) => {
  let store: CliStore;
  let deadId: number;
  let doneId: number;

  beforeAll(async () => {
    store = backend === "pglite" ? await pgliteStore() : await postgresStore();
  });
  afterAll(() => store.cleanup());

  /** One job that died after 2 of 2 attempts, and one that is done. */
  beforeEach(async () => {
    const db = await store.open();
    try {
      await migrate(db);
      await db.query("TRUNCATE jobs RESTART IDENTITY");
      const dead = await enqueueJob(db, {
        kind: "RunReview",
        installationId: 1,
        repoId: 7,
        payload: {},
        groupKey: "pr:7:3",
        maxAttempts: 2,
      });
      for (const attempt of [1, 2]) {
        const [job] = await leaseJobs(db, { limit: 1, leaseMs: 60_000 });
        await failJob(db, job!, new Error(`GitHub answered 502 (attempt ${attempt})`), {
          baseMs: 0,
          maxMs: 0,
        });
      }
      // Its failure report would run first in the group; this file is about the dead job.
      await db.query("DELETE FROM jobs WHERE kind = 'ReportFailure'");
      const done = await enqueueJob(db, { kind: "x", installationId: 1, repoId: 7, payload: {} });
      await db.query("UPDATE jobs SET status = 'done' WHERE id = $1", [done?.id]);
      deadId = dead?.id as number;
      doneId = done?.id as number;
    } finally {
      await db.close();
    }
  });

  it("lists dead jobs with their last error", async () => {
    const { status, stdout } = await runJobs(store.env, ["dead"]);

    expect(status).toBe(0);
    expect(stdout).toContain(`#${deadId} RunReview  repo 7  group pr:7:3`);
    expect(stdout).toContain("after 2 of 2 attempts (generation 0)");
    expect(stdout).toContain("last error: GitHub answered 502 (attempt 2)");
    expect(stdout).not.toContain(`#${doneId} `);
  });

  it("re-queues a dead job with its full attempts, a new generation and no lease", async () => {
    const { status, stdout } = await runJobs(store.env, ["requeue", String(deadId)]);

    expect(status).toBe(0);
    expect(stdout).toBe(`job ${deadId} (RunReview) re-queued as generation 1\n`);
    const db = await store.open();
    try {
      const { rows } = await db.query(
        "SELECT status, attempts, generation, lease_token, finished_at, run_at <= now() AS due, last_error ->> 'message' AS error FROM jobs WHERE id = $1",
        [deadId],
      );
      expect(rows[0]).toEqual({
        status: "queued",
        attempts: 0,
        generation: 1,
        lease_token: null,
        finished_at: null,
        due: true,
        error: "GitHub answered 502 (attempt 2)",
      });
      const [leased] = await leaseJobs(db, { limit: 1, leaseMs: 60_000 });
      expect(leased).toMatchObject({ id: deadId, attempts: 1, maxAttempts: 2, generation: 1 });
    } finally {
      await db.close();
    }
  });

  it("refuses to re-queue a job that is not dead, or does not exist", async () => {
    const { status, stderr } = await runJobs(store.env, ["requeue", String(doneId), "999"]);

    expect(status).toBe(1);
    expect(stderr).toBe(
      `job ${doneId} not re-queued: it is done, not dead\njob 999 not re-queued: no such job\n`,
    );
  });

  it("answers a usage error for a bad id", async () => {
    await expect(runJobs(store.env, ["requeue", "12a"])).rejects.toThrow('not a job id: "12a"');
  });

  if (backend === "pglite") {
    it("refuses clearly while the app holds the data directory", async () => {
      // The lock file names a live process other than this one: the app.
      const lock = join(store.env.REVIEWLOOP_DATA_DIR as string, "reviewloop.lock");
      writeFileSync(lock, `${process.ppid}\n`);
      try {
        await expect(runJobs(store.env, ["dead"])).rejects.toThrow(
          /is in use by process \d+.*stop the app, run this command, then start the app again/,
        );
      } finally {
        rmSync(lock, { force: true });
      }
    });
  }
});
