import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  BIN_ENTRY,
  type CliRun,
  createTempRepo,
  git,
  runCli,
  type TempRepo,
} from "./cli-fixtures.ts";

/** The JSON contract of `reviewloop review --format json` (docs/cli.md). */
const reportSchema = z.strictObject({
  verdict: z.enum(["request_changes", "comment", "approve"]),
  base: z.string().regex(/^[0-9a-f]{40}$/),
  head: z.string().regex(/^[0-9a-f]{40}$/),
  findings: z.array(
    z.strictObject({
      id: z.string().regex(/^F\d+$/),
      fingerprint: z.string().regex(/^[0-9a-f]{16}$/),
      ruleId: z.string(),
      engine: z.string(),
      severity: z.enum(["critical", "warning", "info"]),
      category: z.string(),
      path: z.string(),
      line: z.number().int().positive(),
      startLine: z.number().int().positive().nullable(),
      side: z.enum(["LEFT", "RIGHT"]),
      title: z.string(),
      body: z.string(),
      placement: z.enum(["inline", "summary"]),
    }),
  ),
  stats: z.strictObject({
    files: z.number().int(),
    filesReviewed: z.number().int(),
    filesSkipped: z.number().int(),
    additions: z.number().int(),
    deletions: z.number().int(),
    durationMs: z.number().int().nonnegative(),
  }),
});

const report = (stdout: string) => reportSchema.parse(JSON.parse(stdout));

/** Every usage error is one line on stderr, nothing on stdout, exit status 2. */
function expectUsageError(run: CliRun, mentions: string) {
  expect(run.status).toBe(2);
  expect(run.stdout).toBe("");
  expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(run.stderr).toContain(mentions);
}

let repo: TempRepo;
let baseSha: string;
let headSha: string;
/** `review --base main` is asserted by several tests; it runs once. */
let defaultRun: Promise<CliRun>;

beforeAll(() => {
  repo = createTempRepo();
  baseSha = repo.commit({
    "src/app.ts": "export const a = 1;\nexport const b = 2;\n",
    "src/util.ts": "export const u = 1;\n",
    "src/app.test.ts": "test('a', () => {});\n",
  });
  git(repo.dir, "checkout", "-q", "-b", "feature");
  repo.commit({
    "src/app.ts": "export const a = 1;\n<<<<<<< HEAD\nexport const b = 2;\n",
    "src/util.ts": "export const u = 1;\nconsole.log(u);\n",
    "dist/bundle.js": "console.log('built');\n",
  });
  headSha = repo.commit({ "src/util.ts": "export const u = 1;\nconsole.log(u);\n// TODO tidy\n" });
  // A change on main after the branch point must not be reviewed (BASE...HEAD).
  git(repo.dir, "checkout", "-q", "main");
  repo.commit({ "src/main-only.ts": "debugger;\n" });
  git(repo.dir, "checkout", "-q", "feature");
  // A root commit unrelated to the branch: no merge base with it.
  const tree = git(repo.dir, "rev-parse", "HEAD^{tree}");
  git(repo.dir, "branch", "unrelated", git(repo.dir, "commit-tree", tree, "-m", "root"));
  defaultRun = runCli(["review", "--repo", repo.dir, "--base", "main"]);
});

afterAll(() => repo.remove());

describe.concurrent("cli/review", () => {
  describe("with --format json (the default)", () => {
    it("prints the JSON contract with resolved shas and exits 0", async () => {
      const run = await defaultRun;

      expect(run.status).toBe(0);
      const out = report(run.stdout);
      expect(out.base).toBe(git(repo.dir, "rev-parse", "main"));
      expect(out.head).toBe(headSha);
      expect(out.verdict).toBe("request_changes");
    });

    it("reports findings of the branch only, numbered by position", async () => {
      const out = report((await defaultRun).stdout);

      const found = out.findings.map((f) => [f.id, f.ruleId, f.path, f.line, f.placement]);
      expect(found).toContainEqual(["F1", "conflict-marker", "src/app.ts", 2, "inline"]);
      expect(out.findings.map((f) => f.ruleId)).toEqual(
        expect.arrayContaining(["debug-leftover", "todo-comment"]),
      );
      expect(out.findings.every((f) => f.path !== "src/main-only.ts")).toBe(true);
      expect(out.findings.map((f) => f.id)).toEqual(out.findings.map((_, i) => `F${i + 1}`));
    });

    it("counts files and lines, and skips build output", async () => {
      const { stats } = report((await defaultRun).stdout);

      expect(stats).toMatchObject({
        files: 3,
        filesReviewed: 2,
        filesSkipped: 1,
        additions: 4,
        deletions: 0,
      });
    });

    it("accepts --head and an explicit base commit", async () => {
      const run = await runCli([
        "review",
        "--repo",
        repo.dir,
        "--base",
        baseSha,
        "--head",
        "feature~1",
      ]);

      const out = report(run.stdout);
      expect(out.head).toBe(git(repo.dir, "rev-parse", "feature~1"));
      expect(out.findings.some((f) => f.ruleId === "todo-comment")).toBe(false);
    });
  });

  describe("with --format markdown", () => {
    it("prints the review summary", async () => {
      const run = await runCli([
        "review",
        "--repo",
        repo.dir,
        "--base",
        "main",
        "--format",
        "markdown",
      ]);

      expect(run.status).toBe(0);
      expect(run.stdout).toContain("### ❌ reviewloop: changes requested");
      const main = git(repo.dir, "rev-parse", "main");
      expect(run.stdout).toContain(`\`${main.slice(0, 7)}..${headSha.slice(0, 7)}\``);
      expect(run.stdout).toContain("`dist/bundle.js` — ignored directory dist/");
    });
  });

  describe("with --fail-on", () => {
    it("exits 1 when a finding is at or above the level", async () => {
      expect(
        (await runCli(["review", "--repo", repo.dir, "--base", "main", "--fail-on", "critical"]))
          .status,
      ).toBe(1);
    });

    it("exits 0 when every finding is below the level", async () => {
      const run = await runCli([
        "review",
        "--repo",
        repo.dir,
        "--base",
        "feature~1",
        "--fail-on",
        "warning",
      ]);

      const severities = report(run.stdout).findings.map((f) => f.severity);
      expect(severities.length).toBeGreaterThan(0);
      expect(severities.every((s) => s === "info")).toBe(true);
      expect(run.status).toBe(0);
    });
  });

  describe("with a config", () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), "reviewloop-config-"));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("applies rule settings and review.paths from --config", async () => {
      const file = join(dir, "ok.yml");
      writeFileSync(
        file,
        "review:\n  paths:\n    exclude: ['src/app.ts']\nengines:\n  builtin:\n    rules:\n      todo-comment: false\n",
      );

      const out = report(
        (await runCli(["review", "--repo", repo.dir, "--base", "main", "--config", file])).stdout,
      );

      expect(out.findings.map((f) => f.ruleId)).not.toContain("todo-comment");
      expect(out.findings.map((f) => f.path)).not.toContain("src/app.ts");
      expect(out.stats.filesSkipped).toBe(2);
      expect(out.verdict).toBe("comment");
    });

    it("reads .github/reviewloop.yml from the repository by default", async () => {
      const local = createTempRepo();
      try {
        local.commit({
          ".github/reviewloop.yml": "review:\n  blocking_severity: info\n",
          "a.ts": "x\n",
        });
        local.commit({ "a.ts": "x\n// TODO\n" });

        const out = report(
          (await runCli(["review", "--repo", local.dir, "--base", "HEAD~1"])).stdout,
        );

        expect(out.verdict).toBe("request_changes");
      } finally {
        local.remove();
      }
    });

    it("exits 2 naming the wrong key of an invalid config", async () => {
      const file = join(dir, "bad.yml");
      writeFileSync(file, "review:\n  blocking_severity: fatal\n");

      expectUsageError(
        await runCli(["review", "--repo", repo.dir, "--base", "main", "--config", file]),
        "review.blocking_severity",
      );
    });

    it("exits 2 for a config that is not YAML", async () => {
      const file = join(dir, "broken.yml");
      writeFileSync(file, "review: [unclosed\n");

      expectUsageError(
        await runCli(["review", "--repo", repo.dir, "--base", "main", "--config", file]),
        "not valid YAML",
      );
    });

    it("exits 2 for a config that cannot be read", async () => {
      expectUsageError(
        await runCli([
          "review",
          "--repo",
          repo.dir,
          "--base",
          "main",
          "--config",
          join(dir, "missing.yml"),
        ]),
        "cannot read config",
      );
    });
  });

  describe("with a usage error", () => {
    it.each([
      {
        name: "an unknown flag",
        args: ["--base", "main", "--frobnicate"],
        mentions: "--frobnicate",
      },
      { name: "no --base", args: [], mentions: "missing --base" },
      {
        name: "an unknown revision",
        args: ["--base", "no-such-branch"],
        mentions: "unknown revision: no-such-branch",
      },
      {
        name: "a base without a merge base",
        args: ["--base", "unrelated"],
        mentions: "no merge base",
      },
      {
        name: "an unknown --format",
        args: ["--base", "main", "--format", "xml"],
        mentions: "--format",
      },
      {
        name: "an unknown --fail-on level",
        args: ["--base", "main", "--fail-on", "info"],
        mentions: "--fail-on",
      },
    ])("exits 2 with one line for $name", async ({ args, mentions }) => {
      expectUsageError(await runCli(["review", "--repo", repo.dir, ...args]), mentions);
    });

    it("exits 2 outside a git repository", async () => {
      const dir = mkdtempSync(join(tmpdir(), "reviewloop-nogit-"));
      try {
        expectUsageError(
          await runCli(["review", "--repo", dir, "--base", "main"]),
          "not a git repository",
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});

describe.concurrent("cli/main", () => {
  it("prints help listing the review command and exits 0", async () => {
    const run = await runCli(["--help"], BIN_ENTRY);

    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Usage: reviewloop <command>");
    expect(run.stdout).toMatch(/^\s+review\s+/m);
  });

  it("prints the review options for review --help", async () => {
    const run = await runCli(["review", "--help"]);

    expect(run.status).toBe(0);
    expect(run.stdout).toContain("--fail-on LEVEL");
  });

  it("exits 2 for a missing or unknown command", async () => {
    expectUsageError(await runCli([]), "missing command");
    expectUsageError(await runCli(["frobnicate"]), 'unknown command "frobnicate"');
  });
});
