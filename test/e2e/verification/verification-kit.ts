import type { DispatchPayload } from "../../../src/remediation/dispatch-payload.ts";
import { TEST_WEBHOOK_SECRET } from "../../helpers/start-test-app.ts";
import {
  deliverCheckCompleted,
  filesFromDiff,
  type GitHubSimulator,
  pullRequestPayload,
  type SimAnnotation,
  type SimDispatch,
  sendWebhook,
} from "../github-simulator/index.ts";
import { pushCommits } from "../github-simulator/seed.ts";
import {
  FIXER_LOGIN,
  type FixerBehaviour,
  installFixer,
  type TinyFixer,
} from "../github-simulator/tiny-fixer.ts";
import type { AppProcess } from "../harness/app-process.ts";
import { BASE, passFinished, postedFor, REPO, type Scenario } from "../harness/scenario.ts";

/**
 * Helpers of the issue 10 scenarios (verified dispositions, CI failures as rounds, the checks
 * engine). Every PR here changes `src/app.ts` only: the lines a test gives are added inside
 * `main()`, so line `n` of the list is line `n + 1` of the file, and each `// TODO` line is one
 * builtin finding (ids F1, F2, … in line order).
 */

export const BOT = "reviewloop[bot]";

/** The text of a `// TODO` line the builtin engine reports (`item 1` → F1 in a fresh PR). */
export const todo = (item: number) => `  // TODO: item ${item}`;

/**
 * `.github/reviewloop.yml` for these scenarios: every builtin finding blocks, the tiny fixer's
 * login is the fixer's, the dispatch timeout (60 "minutes" = 36 s at the e2e time scale) and the
 * checks wait (120 "minutes") are long enough that nothing times out while a test waits.
 */
export function verificationConfig(
  options: {
    remediation?: boolean;
    onCiFailure?: boolean;
    checksEngine?: { names?: string[]; wait?: boolean };
  } = {},
): string {
  const engine = options.checksEngine;
  return `${[
    "review:",
    "  blocking_severity: info",
    "engines:",
    "  builtin:",
    "    rules:",
    "      missing-tests: false",
    "  checks:",
    `    enabled: ${engine !== undefined}`,
    `    names: ${JSON.stringify(engine?.names ?? [])}`,
    `    wait: ${engine?.wait ?? true}`,
    "    timeout_minutes: 120",
    "commands:",
    "  cooldown_seconds: 0",
    "remediation:",
    `  enabled: ${options.remediation ?? true}`,
    "  max_rounds: 5",
    "  no_progress_rounds: 3",
    "  max_attempts: 3",
    "  dispatch_timeout_minutes: 60",
    `  on_ci_failure: ${options.onCiFailure ?? true}`,
    "  wait_for_checks: true",
    "  fixer:",
    `    logins: ["${FIXER_LOGIN}"]`,
  ].join("\n")}\n`;
}

/** `git diff` of `src/app.ts` adding `lines` inside `main()`. */
export function appDiff(lines: readonly string[]): string {
  if (lines.length === 0) throw new Error("appDiff needs at least one added line");
  return [
    "diff --git a/src/app.ts b/src/app.ts",
    "index 1111111..2222222 100644",
    "--- a/src/app.ts",
    "+++ b/src/app.ts",
    `@@ -1,2 +1,${lines.length + 2} @@`,
    " export function main() {",
    ...lines.map((line) => `+${line}`),
    " }",
    "",
  ].join("\n");
}

/** `src/app.ts` as a PR adding `lines` has it. */
function appFile(lines: readonly string[]): string[] {
  return ["export function main() {", ...lines, "}"];
}

/**
 * `git diff` of `src/app.ts` from one version to the next (a push's own changes, what
 * `compare/{old}...{new}` shows): one hunk over the whole file, lines matched by a longest
 * common subsequence, so a line that only moved stays context.
 */
export function pushDiff(before: readonly string[], after: readonly string[]): string {
  const a = appFile(before);
  const b = appFile(after);
  const common: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = common[i] as number[];
      row[j] =
        a[i] === b[j]
          ? (common[i + 1]?.[j + 1] ?? 0) + 1
          : Math.max(common[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const body: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      body.push(` ${a[i++]}`);
      j++;
    } else if ((common[i + 1]?.[j] ?? 0) >= (common[i]?.[j + 1] ?? 0)) {
      body.push(`-${a[i++]}`);
    } else {
      body.push(`+${b[j++]}`);
    }
  }
  while (i < a.length) body.push(`-${a[i++]}`);
  while (j < b.length) body.push(`+${b[j++]}`);
  return [
    "diff --git a/src/app.ts b/src/app.ts",
    "index 2222222..3333333 100644",
    "--- a/src/app.ts",
    "+++ b/src/app.ts",
    `@@ -1,${a.length} +1,${b.length} @@`,
    ...body,
    "",
  ].join("\n");
}

/** The lines PR `number` adds to `src/app.ts` now (after the fixer's pushes too). */
export function addedLines(sim: GitHubSimulator, number: number): string[] {
  const patch = findPr(sim, number).files[0]?.patch;
  return (patch ?? "")
    .split("\n")
    .filter((line) => line.startsWith("+"))
    .map((line) => line.slice(1));
}

function findPr(sim: GitHubSimulator, number: number) {
  const pr = sim.state.pullRequests.get(`${REPO}#${number}`);
  if (!pr) throw new Error(`no PR #${number} in ${REPO}`);
  return pr;
}

/** Seeds PR `number` by alice (branch `verify-<number>`) adding `lines` to `src/app.ts`. */
export function seedAppPullRequest(
  sim: GitHubSimulator,
  number: number,
  head: string,
  lines: readonly string[],
): void {
  sim.seedPullRequest({
    repo: REPO,
    number,
    author: "alice",
    base: { ref: "main", sha: BASE },
    head: { ref: `verify-${number}`, sha: head },
    files: filesFromDiff(appDiff(lines)),
  });
}

/**
 * A person's push to PR `number`: `src/app.ts` now adds `lines` (the compare of the push shows
 * only what changed since the previous head); delivers
 * `pull_request.synchronize` sent by `login` and resolves once that head's pass finished.
 */
export async function pushAndReview(
  s: Scenario,
  number: number,
  head: string,
  lines: readonly string[],
  login = "alice",
): Promise<void> {
  const before = addedLines(s.sim, number);
  pushCommits(s.sim.state, REPO, number, {
    newHeadSha: head,
    files: filesFromDiff(appDiff(lines)),
    changedFiles: filesFromDiff(pushDiff(before, lines)),
    author: login,
    message: `push ${head.slice(0, 7)}`,
  });
  const from = s.app.logs.length;
  await sendWebhook(s.app.url, {
    name: "pull_request",
    payload: pullRequestPayload(s.sim, {
      repo: REPO,
      number,
      action: "synchronize",
      sender: login,
    }),
    secret: TEST_WEBHOOK_SECRET,
  });
  await passFinished(s.app, number, head, from);
}

/**
 * The tiny fixer playing `behaviour` for PR `number` only: another test's round (a retry after
 * its dispatch timed out) never reaches it. Uninstall it when the test ends (`fixers.cleanup`).
 */
export function fixerOn(s: Scenario, number: number, behaviour: FixerBehaviour[]): TinyFixer {
  const fixer = installFixer(s.sim, {
    appUrl: () => s.app.url,
    secret: TEST_WEBHOOK_SECRET,
    behaviour,
    prNumber: number,
  });
  installed.push(fixer);
  return fixer;
}

const installed: TinyFixer[] = [];

/** Uninstalls every fixer `fixerOn` installed (an `afterEach`). */
export function uninstallFixers(): void {
  for (const fixer of installed.splice(0)) fixer.uninstall();
}

/** The app's top-level inline comments (not replies) posted on PR `number` at commit `head`. */
export function inlineCommentsAt(sim: GitHubSimulator, number: number, head: string) {
  return sim
    .reviewsOf(REPO, number)
    .comments.filter((c) => c.user === BOT && c.commitId === head && c.inReplyToId === undefined);
}

/** The app's top-level inline comments on PR `number`, at any commit. */
export function allInlineComments(sim: GitHubSimulator, number: number) {
  return sim
    .reviewsOf(REPO, number)
    .comments.filter((c) => c.user === BOT && c.inReplyToId === undefined);
}

/** The app's last review of `head` (throws with what there is when it posted none). */
export function lastReviewAt(sim: GitHubSimulator, number: number, head: string) {
  const reviews = postedFor(sim, number, head).reviews;
  const review = reviews.at(-1);
  if (!review) {
    throw new Error(
      `no review by ${BOT} at ${head.slice(0, 7)} on #${number}; reviews: ${JSON.stringify(
        sim.reviewsOf(REPO, number).reviews.map((r) => [r.user, r.commitId.slice(0, 7), r.state]),
      )}`,
    );
  }
  return review;
}

const TABLE_HEADER =
  /^\|\s*ID\s*\|\s*severity\s*\|\s*where\s*\|\s*finding\s*\|\s*claimed\s*\|\s*verified\s*\|/;

/**
 * The disposition table of a review body or check run summary (`ID | severity | where | finding
 * | claimed | verified`), as its rows keyed by finding id (`**F1**` read as `F1`); empty when the
 * text has no such table.
 */
export function dispositionTable(text: string): Map<string, string> {
  const rows = new Map<string, string>();
  const lines = text.split("\n");
  const start = lines.findIndex((line) => TABLE_HEADER.test(line));
  if (start === -1) return rows;
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    const id = line.split("|")[1]?.replaceAll("*", "").replaceAll("\\", "").trim();
    if (id) rows.set(id, line);
  }
  return rows;
}

/** The disposition table's row of `id` in `text`, or a sentence saying what was there instead. */
export function dispositionRow(text: string, id: string): string {
  return (
    dispositionTable(text).get(id) ??
    `(no disposition table row for ${id} in:\n${text.slice(0, 4000)})`
  );
}

/** The `reviewloop` check run of `head` (its summary carries the table too). */
export function ownCheckRunAt(sim: GitHubSimulator, number: number, head: string) {
  const run = postedFor(sim, number, head).checkRuns.at(-1);
  if (!run) throw new Error(`no reviewloop check run at ${head.slice(0, 7)} on #${number}`);
  return run;
}

/** The dispatches GitHub stored for PR `number` (its `pr` input), in order. */
export function dispatchesOf(sim: GitHubSimulator, number: number): SimDispatch[] {
  return sim.state.dispatches.filter(
    (d) => d.repo.toLowerCase() === REPO && Number(d.inputs?.pr) === number,
  );
}

/** The payload a workflow dispatch carried. */
export function payloadOf(dispatch: SimDispatch | undefined): DispatchPayload {
  const raw = dispatch?.inputs?.payload;
  if (typeof raw !== "string") throw new Error(`no payload in ${JSON.stringify(dispatch)}`);
  return JSON.parse(raw) as DispatchPayload;
}

/** The failing check named `name` of a payload, with the whole list in the error when absent. */
export function failingCheck(payload: DispatchPayload, name: string): Record<string, unknown> {
  const found = payload.failing_checks.find((check) => check.name === name);
  if (!found) {
    throw new Error(
      `no failing check ${name} in the payload; failing_checks: ${JSON.stringify(payload.failing_checks)}`,
    );
  }
  return found as unknown as Record<string, unknown>;
}

/** Whether `text` appears anywhere in a failing check entry (field names may vary). */
export function mentions(entry: unknown, text: string): boolean {
  return JSON.stringify(entry).includes(JSON.stringify(text).slice(1, -1));
}

/** Completes another app's check run and delivers `check_run` (and `check_suite`) completed. */
export async function completeCheck(
  s: Scenario,
  checkRunId: number,
  conclusion: string,
  output?: { title?: string; summary?: string; annotations?: SimAnnotation[] },
): Promise<void> {
  s.sim.completeCheckRun(checkRunId, conclusion, output);
  await deliverCheckCompleted(s.sim, {
    appUrl: s.app.url,
    secret: TEST_WEBHOOK_SECRET,
    checkRunId,
  });
}

/** Delivers `check_run.completed` (and `check_suite.completed`) for a run that already completed. */
export async function deliverCompleted(s: Scenario, checkRunId: number): Promise<void> {
  await deliverCheckCompleted(s.sim, {
    appUrl: s.app.url,
    secret: TEST_WEBHOOK_SECRET,
    checkRunId,
  });
}

/**
 * Resolves once the simulator answered a request matching `match` (the app read something);
 * rejects after `timeoutMs` naming `what`.
 */
export async function requested(
  sim: GitHubSimulator,
  match: (request: GitHubSimulator["requests"][number]) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!sim.requests.some(match)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The app listed the check runs of `head` other than by our own name (the CI or the engine). */
export function listedChecksOf(sim: GitHubSimulator, head: string) {
  return requested(
    sim,
    (r) =>
      r.operationId === "checks/list-for-ref" &&
      r.params.ref === head &&
      r.query.check_name !== "reviewloop",
    `the app to list the check runs of ${head.slice(0, 7)}`,
  );
}

/** `promise`, or an error naming `what` after `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Log lines of `app` from `from` on, for an assertion message. */
export function logsSince(app: AppProcess, from: number): string {
  return app.logs
    .slice(from)
    .map((line) => JSON.stringify(line))
    .join("\n");
}
