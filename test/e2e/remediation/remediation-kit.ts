import { readFileSync } from "node:fs";
import { TEST_WEBHOOK_SECRET } from "../../helpers/start-test-app.ts";
import type { BackendName } from "../../helpers/test-db.ts";
import type { GitHubSimulator } from "../github-simulator/index.ts";
import { requireRepo } from "../github-simulator/seed.ts";
import { FIXER_LOGIN, type FixerBehaviour, installFixer } from "../github-simulator/tiny-fixer.ts";
import { REPO, type Scenario, startScenario } from "../harness/scenario.ts";

/** The example fixer workflow we ship, installed in the simulated repository. */
export const EXAMPLE_WORKFLOW = readFileSync(
  new URL("../../../examples/workflows/reviewloop-fix.yml", import.meta.url),
  "utf8",
);

/**
 * Remediation on, every builtin finding blocking (TODO lines are `info`… and block at `info`),
 * the tiny fixer's login as the fixer's, short rounds.
 */
export function remediationConfig(extra: Record<string, string> = {}): string {
  const lines = [
    "review:",
    "  blocking_severity: info",
    "engines:",
    "  builtin:",
    "    rules:",
    "      missing-tests: false",
    "remediation:",
    "  enabled: true",
    `  max_rounds: ${extra.max_rounds ?? "5"}`,
    `  no_progress_rounds: ${extra.no_progress_rounds ?? "2"}`,
    `  max_attempts: ${extra.max_attempts ?? "3"}`,
    "  dispatch_timeout_minutes: 1",
    `  on_human_push: ${extra.on_human_push ?? "pause"}`,
    "  fixer:",
    `    logins: ["${FIXER_LOGIN}"]`,
  ];
  return `${lines.join("\n")}\n`;
}

/** A scenario whose repository has the example fixer workflow and remediation on. */
export async function startRemediationScenario(
  backend: BackendName,
  config: string = remediationConfig(),
  env: Record<string, string> = {},
): Promise<Scenario> {
  // "1 minute" of dispatch timeout and backoff lasts 0.6 s here.
  const scenario = await startScenario(backend, {
    REVIEWLOOP_REMEDIATION_TIME_SCALE: "0.01",
    ...env,
  });
  scenario.sim.seedConfig(REPO, config);
  requireRepo(scenario.sim.state, REPO).files.set(
    ".github/workflows/reviewloop-fix.yml",
    EXAMPLE_WORKFLOW,
  );
  return scenario;
}

/** The tiny fixer answering the app's dispatches on this scenario. */
export function fixerFor(
  scenario: Scenario,
  behaviour: FixerBehaviour[] | Parameters<typeof installFixer>[1]["behaviour"],
) {
  return installFixer(scenario.sim, {
    appUrl: () => scenario.app.url,
    secret: TEST_WEBHOOK_SECRET,
    behaviour,
  });
}

/** The app's conversation comments on PR `number` that carry `marker` text. */
export function appComments(sim: GitHubSimulator, number: number, contains: string) {
  return sim.state.issueComments.filter(
    (c) => c.issueNumber === number && c.user === "reviewloop[bot]" && c.body.includes(contains),
  );
}

/** Labels of PR `number` in the simulator. */
export function labelsOf(sim: GitHubSimulator, number: number): string[] {
  const pr = [...sim.state.pullRequests.values()].find(
    (p) => p.repo.toLowerCase() === REPO && p.number === number,
  );
  return [...(pr?.labels ?? [])];
}
