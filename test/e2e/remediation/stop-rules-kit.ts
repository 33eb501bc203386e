import { setTimeout as sleep } from "node:timers/promises";
import type { DispatchPayload } from "../../../src/remediation/dispatch-payload.ts";
import { type GitHubSimulator, removeRightLines } from "../github-simulator/index.ts";
import { prKey } from "../github-simulator/state.ts";
import { type FixerBehaviour, silent } from "../github-simulator/tiny-fixer.ts";
import type { AppProcess } from "../harness/app-process.ts";
import { REPO, type Scenario } from "../harness/scenario.ts";
import { fixerFor } from "./remediation-kit.ts";

/** The hidden marker every hand-off comment ends with. */
export const HAND_OFF_MARKER = "<!-- reviewloop:handoff";

/** What the fixer does for one dispatch: a behaviour, or a function that may wait first. */
export type FixerStep = FixerBehaviour | (() => FixerBehaviour | Promise<FixerBehaviour>);

/**
 * The tiny fixer, answering only PR `number`'s dispatches with `steps` in order (then `silent`):
 * a dispatch for another PR (a scenario of an earlier test) never eats this one's queue.
 */
export function fixerForPr(scenario: Scenario, number: number, steps: FixerStep[]) {
  const queue = [...steps];
  return fixerFor(scenario, async (received) => {
    if (received.prNumber !== number) return silent;
    const step = queue.shift() ?? silent;
    return typeof step === "function" ? step() : step;
  });
}

/** The fixer dispatches the app sent for PR `number` (the workflow's `pr` input). */
export function dispatchesFor(sim: GitHubSimulator, number: number) {
  return sim.state.dispatches.filter(
    (d) => d.repo.toLowerCase() === REPO && String(d.inputs?.pr) === String(number),
  );
}

/** The parsed `payload` input of a workflow dispatch. */
export function payloadOf(dispatch: { inputs?: Record<string, unknown> }): DispatchPayload {
  return JSON.parse(String(dispatch.inputs?.payload)) as DispatchPayload;
}

/** The app's hand-off comments on PR `number` (found by their hidden marker). */
export function handOffComments(sim: GitHubSimulator, number: number) {
  return sim.state.issueComments.filter(
    (c) =>
      c.issueNumber === number && c.user === "reviewloop[bot]" && c.body.includes(HAND_OFF_MARKER),
  );
}

/** The HandOff job of PR `number` finished: comment, label and check run are done. */
export function handedOff(app: AppProcess, number: number, from = 0) {
  return app.waitForLog((line) => line.msg === "Handed off to a human" && line.pr === number, {
    from,
    what: `the hand-off of #${number}`,
  });
}

/** The newest `reviewloop` check run's summary for `head`. */
export function checkRunSummary(sim: GitHubSimulator, head: string): string {
  const runs = sim.state.checkRuns.filter(
    (run) => run.name === "reviewloop" && run.headSha === head,
  );
  return runs.at(-1)?.output.summary ?? "";
}

/**
 * Gives a wrong extra dispatch its chance: the longest the app waits between a decision and a
 * dispatch here is a retry's backoff (2 "minutes", 1.2 s at the kit's time scale). Not a timed
 * assertion: a correct app sends nothing whatever the pause.
 */
export function pastAnotherDispatch(): Promise<void> {
  return sleep(2_000);
}

/** Head line numbers of the added lines of PR `number`'s diff that contain `text`. */
function addedLinesWith(sim: GitHubSimulator, number: number, text: string) {
  const pr = sim.state.pullRequests.get(prKey(REPO, number));
  if (!pr) throw new Error(`no PR #${number}`);
  const found: Array<{ path: string; line: number }> = [];
  for (const file of pr.files) {
    let line = 0;
    for (const row of (file.patch ?? "").split("\n")) {
      const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)/.exec(row);
      if (hunk) line = Number(hunk[1]);
      else if (row.startsWith("+")) {
        if (row.includes(text)) found.push({ path: file.filename, line });
        line++;
      } else if (row.startsWith(" ")) line++;
    }
  }
  return found;
}

/**
 * A person's commit on PR `number` (new head `head`) deleting every added TODO line (the builtin
 * engine's findings), with a compare that shows just that change, as the tiny fixer's pushes do.
 * No delivery is sent.
 */
export function pushFixAsPerson(sim: GitHubSimulator, number: number, head: string): void {
  const pr = sim.state.pullRequests.get(prKey(REPO, number));
  if (!pr) throw new Error(`no PR #${number}`);
  const todos = addedLinesWith(sim, number, "TODO");
  const removed = removeRightLines(
    pr.files,
    todos.map((t) => ({ path: t.path, start: t.line, end: t.line })),
  );
  if (todos.length === 0 || removed.missed.length > 0) {
    throw new Error(`cannot remove the TODO lines ${JSON.stringify({ todos, removed })}`);
  }
  sim.pushCommits(REPO, number, {
    newHeadSha: head,
    files: removed.files,
    changedFiles: removed.changed,
    message: "Fix the rest by hand",
    author: "alice",
  });
}

/**
 * `config` (from `remediationConfig`) with another `dispatch_timeout_minutes`. The kit's 1
 * "minute" is 0.6 s, and the timer counts from the dispatch to the run's end: a scenario whose
 * fixer must not time out (or that pushes as a person mid-round) gives it 30 (18 s).
 */
export function withDispatchTimeout(config: string, minutes: number): string {
  const key = /^ {2}dispatch_timeout_minutes: \d+$/m;
  if (!key.test(config)) throw new Error("no dispatch_timeout_minutes in the configuration");
  return config.replace(key, `  dispatch_timeout_minutes: ${minutes}`);
}
