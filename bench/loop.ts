/**
 * Remediation-rounds benchmark (issue 9): `npm run bench -- loop [--runs 3] [--rounds 3]
 * [--latency 50] [--backend pglite|postgres]`. Boots the real app as a child process (the e2e
 * harness: Probot's production Octokit, retries and throttling on) against the GitHub simulator,
 * opens a pull request with `rounds` blocking findings and lets the tiny fixer fix one per round
 * (`fix(1)`) until the loop passes. Reports, per round, the wall time from the review that
 * requested changes to the review of the fixer's push, split into dispatch latency, fixer and
 * review of the push, and the requests the app made, the loop's own apart from the review pass's.
 * One app per backend; each run is a new pull request; a first, unreported run warms the app up.
 * Prints JSON.
 */
import { cpus, loadavg } from "node:os";
import {
  createGitHubSimulator,
  type GitHubSimulator,
  type RecordedRequest,
} from "../test/e2e/github-simulator/index.ts";
import { requireRepo } from "../test/e2e/github-simulator/seed.ts";
import { fix, installFixer } from "../test/e2e/github-simulator/tiny-fixer.ts";
import { type AppProcess, type LogLine, startAppProcess } from "../test/e2e/harness/app-process.ts";
import type { Deployment } from "../test/e2e/harness/deployment.ts";
import {
  askStatus,
  deliverPullRequest,
  INSTALLATION,
  REPO,
  seedPullRequest,
  sha,
  stateOf,
} from "../test/e2e/harness/scenario.ts";
import { EXAMPLE_WORKFLOW, remediationConfig } from "../test/e2e/remediation/remediation-kit.ts";
import { TEST_WEBHOOK_SECRET } from "../test/helpers/start-test-app.ts";
import { type AppBackend, type BackendChoice, measureOnBackends } from "./app-backends.ts";
import { type RunFigures, type RunTimeline, splitRounds, summarizeRuns } from "./loop-rounds.ts";

export interface BenchLoopOptions extends BackendChoice {
  /** Measured runs per backend (default 3), after one warm-up run. */
  runs?: number;
  /** Blocking findings, hence rounds (default 3). */
  rounds?: number;
  /** Milliseconds the simulator waits before each answer (default 50). */
  latency?: number;
}

const RUN_TIMEOUT_MS = 180_000;

/** The simulator's answered requests, each stamped with the time its answer went out. */
function stampAnswers(sim: GitHubSimulator): WeakMap<RecordedRequest, number> {
  const at = new WeakMap<RecordedRequest, number>();
  // The simulator records a request right before sending its answer, by `push`.
  const push = sim.requests.push.bind(sim.requests);
  sim.requests.push = (...records: RecordedRequest[]) => {
    for (const record of records) at.set(record, Date.now());
    return push(...records);
  };
  return at;
}

/** The simulated repository of the e2e scenarios, with the example fixer workflow. */
async function startWorld(latency: number) {
  const sim = await createGitHubSimulator();
  sim.seedRepo({ owner: "acme", name: "app", installationId: INSTALLATION });
  sim.seedConfig(REPO, remediationConfig());
  sim.seedPermission(REPO, "alice", "write", "write");
  requireRepo(sim.state, REPO).files.set(".github/workflows/reviewloop-fix.yml", EXAMPLE_WORKFLOW);
  // The simulator loads GitHub's OpenAPI description on its first request (seconds).
  await fetch(`${sim.apiUrl}/repos/${REPO}`);
  sim.setLatency(latency);
  return sim;
}

function logTime(line: LogLine): number {
  if (typeof line.time !== "number") throw new Error("app log line without a time");
  return line.time;
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out: ${what}`)), RUN_TIMEOUT_MS).unref(),
    ),
  ]);
}

/** One pull request through `rounds` rounds to passed; checks the outcome, returns the timeline. */
async function runOnce(
  sim: GitHubSimulator,
  app: AppProcess,
  stamps: WeakMap<RecordedRequest, number>,
  pr: number,
  rounds: number,
  label: string,
): Promise<RunTimeline> {
  const head = sha(`${label}-loop-${pr}`);
  seedPullRequest(sim, pr, { head, findings: rounds });
  const fixer = installFixer(sim, {
    appUrl: app.url,
    secret: TEST_WEBHOOK_SECRET,
    behaviour: Array.from({ length: rounds }, () => fix(1)),
  });
  const fromRequest = sim.requests.length;
  const fromLog = app.logs.length;
  const opened = Date.now();
  try {
    await deliverPullRequest({ sim }, app, pr, "opened");
    const done = await withTimeout(fixer.waitForRounds(rounds), `${rounds} rounds on #${pr}`);
    const heads = [head, ...done.map((round) => round.pushedSha ?? "")];
    const passFinished = [];
    for (const h of heads) {
      const line = await app.waitForLog(
        (l) => l.msg === "Review pass finished" && l.pr === pr && l.sha === h.slice(0, 7),
        { from: fromLog, timeoutMs: RUN_TIMEOUT_MS, what: `the pass of ${h.slice(0, 7)}` },
      );
      passFinished.push(logTime(line));
    }
    const requests = sim.requests
      .slice(fromRequest)
      .filter((r) => !r.path.startsWith("/app"))
      .map((r) => ({ ...r, at: stamps.get(r) ?? Number.NaN }));
    const pushApplied = [];
    let from = fromLog;
    for (let k = 0; k < rounds; k++) {
      const dispatched = requests.filter((r) => r.path.endsWith("/dispatches"))[k]?.at ?? opened;
      const line = await app.waitForLog(
        (l) =>
          l.msg === "Applied loop event" &&
          l.pr === pr &&
          l.event === "HeadUpdated" &&
          logTime(l) >= dispatched,
        { from, what: `round ${k + 1}'s push applied` },
      );
      from = app.logs.indexOf(line) + 1;
      pushApplied.push(logTime(line));
    }
    // The outcome, checked outside the measured window: the bench measures a loop that passed.
    const problems = [...fixer.errors];
    const findings = done.map((round) => round.received.payload?.findings.length);
    const expected = Array.from({ length: rounds }, (_, i) => rounds - i);
    if (JSON.stringify(findings) !== JSON.stringify(expected))
      problems.push(`dispatched findings ${JSON.stringify(findings)}, expected ${expected}`);
    const status = await askStatus({ sim }, app, pr);
    if (
      stateOf(status) !== "passed: nothing blocking" ||
      !status.includes(`after ${rounds} rounds`)
    )
      problems.push(`status: ${stateOf(status)}`);
    if (problems.length > 0) throw new Error(`run on #${pr} did not pass: ${problems.join("; ")}`);
    return { opened, heads, requests, passFinished, pushApplied };
  } finally {
    fixer.uninstall();
  }
}

interface ResolvedLoopOptions {
  runs: number;
  rounds: number;
  latency: number;
}

async function measure(backend: AppBackend, options: ResolvedLoopOptions) {
  const sim = await startWorld(options.latency);
  const stamps = stampAnswers(sim);
  const deployment = { env: backend.vars } as Pick<Deployment, "env">;
  const app = await startAppProcess({
    // startAppProcess reads only the deployment's environment.
    deployment: deployment as Deployment,
    gheHost: sim.gheHost,
  });
  const runs: RunFigures[] = [];
  const load = [loadavg()[0]!];
  try {
    for (let pr = 1; pr <= options.runs + 1; pr++) {
      const timeline = await runOnce(sim, app, stamps, pr, options.rounds, backend.name);
      // PR 1 warms the app up (token, JIT, first queries) and is not reported.
      if (pr > 1) runs.push(splitRounds(timeline));
    }
  } finally {
    load.push(loadavg()[0]!);
    await app.stop();
    await sim.close();
  }
  return {
    backend: backend.name,
    latencyMs: options.latency,
    violations: sim.violations.length,
    load1m: load.map((l) => Math.round(l * 100) / 100),
    median: summarizeRuns(runs),
    perRun: runs.map((run) => ({
      loopMs: run.loopMs,
      firstReviewMs: run.firstReviewMs,
      rounds: run.rounds.map((r) => ({
        wallMs: r.wallMs,
        dispatchLatencyMs: r.dispatchLatencyMs,
        fixerMs: r.fixerMs,
        reviewOfPushMs: r.reviewOfPushMs,
      })),
    })),
  };
}

/** Runs the loop benchmark on each available backend. */
export async function benchLoop(options: BenchLoopOptions = {}) {
  const resolved: ResolvedLoopOptions = {
    runs: Math.max(1, options.runs ?? 3),
    rounds: Math.max(1, options.rounds ?? 3),
    latency: options.latency ?? 50,
  };
  const reports = await measureOnBackends("loop", options, (backend) => measure(backend, resolved));

  return {
    node: process.version,
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? "unknown",
    date: new Date().toISOString(),
    runs: resolved.runs,
    rounds: resolved.rounds,
    reports,
  };
}
