import type { GitHubSimulator } from "../create-simulator.ts";
import { renderCheckRun, renderCheckSuite } from "../render-checks.ts";
import type { SimCheckRun, SimCheckSuite } from "../types.ts";
import { envelope, example, merge, repoOf } from "./build-payloads.ts";

type Payload = Record<string, unknown>;

function suiteOf(sim: GitHubSimulator, id: number): SimCheckSuite {
  const suite = sim.state.checkSuites.find((candidate) => candidate.id === id);
  if (!suite) throw new Error(`no check suite ${id}`);
  return suite;
}

/** The suite as a check run delivery embeds it (no `repository`), over the example's shape. */
function embeddedSuite(sim: GitHubSimulator, suite: SimCheckSuite, base: unknown): Payload {
  const { repository: _repository, ...rendered } = renderCheckSuite(sim.state, suite, sim.url);
  const baseSuite = base as Payload;
  return merge(baseSuite, { ...rendered, app: merge(baseSuite.app, rendered.app) });
}

/**
 * A `check_run` delivery (`completed` by default) for a check run the simulator holds, as the run
 * is now: `check_run` with `head_sha`, `conclusion`, `app` (slug), `pull_requests` (empty for a
 * fork's head) and its `check_suite`; sent by the app's bot (`<slug>[bot]`) unless `sender`.
 */
export function checkRunPayload(
  sim: GitHubSimulator,
  options: {
    checkRun: SimCheckRun;
    action?: "created" | "completed" | "rerequested";
    sender?: string;
  },
): Payload {
  const run = options.checkRun;
  const repo = repoOf(sim, run.repo);
  const action = options.action ?? "completed";
  const base = example("check_run", action);
  const baseRun = base.check_run as Payload;
  const rendered = renderCheckRun(sim.state, run, sim.url);
  return {
    ...base,
    action,
    check_run: merge(baseRun, {
      ...rendered,
      app: merge(baseRun.app, rendered.app),
      check_suite: embeddedSuite(sim, suiteOf(sim, run.checkSuiteId), baseRun.check_suite),
    }),
    ...envelope(sim, repo, options.sender ?? `${run.appSlug}[bot]`),
  };
}

/**
 * A `check_suite` delivery (`completed` by default) for a suite the simulator holds: its status
 * and conclusion from its runs, `head_sha`, `app`, `pull_requests`.
 */
export function checkSuitePayload(
  sim: GitHubSimulator,
  options: { suiteId: number; action?: "completed" | "requested" | "rerequested"; sender?: string },
): Payload {
  const suite = suiteOf(sim, options.suiteId);
  const repo = repoOf(sim, suite.repo);
  const action = options.action ?? "completed";
  const base = example("check_suite", action);
  return {
    ...base,
    action,
    check_suite: embeddedSuite(sim, suite, base.check_suite),
    ...envelope(sim, repo, options.sender ?? `${suite.appSlug}[bot]`),
  };
}
