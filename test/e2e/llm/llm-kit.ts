import { randomBytes } from "node:crypto";
import { scanCommandLines } from "../../../src/commands/scan-command-lines.ts";
import { TEST_WEBHOOK_SECRET } from "../../helpers/start-test-app.ts";
import type { BackendName } from "../../helpers/test-db.ts";
import {
  chatRequests,
  type FakeLlm,
  type RecordedLlmRequest,
  startFakeLlm,
  userText,
} from "../../support/fake-llm-server.ts";
import { createGitFixture, type GitFixture } from "../../support/git-fixture.ts";
import {
  checkRunRerequestedPayload,
  filesFromDiff,
  type GitHubSimulator,
  pullRequestPayload,
  sendWebhook,
} from "../github-simulator/index.ts";
import { pushCommits, requireRepo } from "../github-simulator/seed.ts";
import {
  deliverPullRequest,
  passFinished,
  postedFor,
  REPO,
  type Scenario,
  startScenario,
} from "../harness/scenario.ts";

/**
 * Helpers of the LLM engine scenarios (issue 11): the real app with `REVIEWLOOP_LLM_*` pointing
 * at a loopback OpenAI-compatible fake, pull requests made of real git commits (so patches,
 * compares and file contents agree), and readers of what the app posted.
 */

export const BOT = "reviewloop[bot]";
export const MODEL = "fake-coder-1";

/** A scenario whose app talks to `fake` with `apiKey` (or has no provider, `fake` unused). */
export interface LlmScenario {
  s: Scenario;
  fake: FakeLlm;
  apiKey: string;
  close(): Promise<void>;
}

/** Starts the fake and the app; `provider: false` leaves the LLM unconfigured (the default). */
export async function startLlmScenario(
  backend: BackendName,
  options: { provider?: boolean; env?: Record<string, string> } = {},
): Promise<LlmScenario> {
  const fake = await startFakeLlm();
  const apiKey = `sk-test-${randomBytes(16).toString("hex")}`;
  const env: Record<string, string> =
    options.provider === false
      ? {}
      : {
          REVIEWLOOP_LLM_PROVIDER: "openai-compatible",
          REVIEWLOOP_LLM_MODEL: MODEL,
          REVIEWLOOP_LLM_BASE_URL: fake.baseUrl,
          REVIEWLOOP_LLM_API_KEY: apiKey,
        };
  const s = await startScenario(backend, { ...env, ...options.env });
  return {
    s,
    fake,
    apiKey,
    async close() {
      await s.close();
      await fake.close();
    },
  };
}

/** A pull request built from real commits, and its branch's pushes. */
export interface GitPullRequest {
  number: number;
  base: string;
  /** The current head sha. */
  head: string;
  /** Pushes `files` (null deletes) as a new commit; the simulator's PR and compare follow. */
  push(files: Record<string, string | null>, message?: string): string;
}

const fixtures: GitFixture[] = [];

/** Deletes the git directories the scenarios made (an `afterAll`). */
export function cleanupGitFixtures(): void {
  for (const fixture of fixtures.splice(0)) fixture.cleanup();
}

/**
 * Seeds PR `number` by alice: `base` files are on main (and the base commit), `head` files
 * (null deletes) are the PR's commit. Paths must be unique to the PR: main is shared.
 */
export function seedGitPullRequest(
  sim: GitHubSimulator,
  number: number,
  files: {
    base: Record<string, string>;
    head: Record<string, string | null>;
    title?: string;
    body?: string;
  },
): GitPullRequest {
  const git = createGitFixture();
  fixtures.push(git);
  const base = git.commit(files.base, "base");
  let head = git.commit(files.head, `PR #${number}`);
  const main = requireRepo(sim.state, REPO).files;
  for (const [path, text] of Object.entries(files.base)) main.set(path, text);
  const contents: Record<string, string | null> = { ...files.head };
  sim.seedPullRequest({
    repo: REPO,
    number,
    author: "alice",
    ...(files.title === undefined ? {} : { title: files.title }),
    ...(files.body === undefined ? {} : { body: files.body }),
    base: { ref: "main", sha: base },
    head: { ref: `llm-${number}`, sha: head },
    files: filesFromDiff(git.diff(base, head)),
    contents,
  });
  return {
    number,
    base,
    get head() {
      return head;
    },
    push(changes, message) {
      const next = git.commit(changes, message ?? `push to #${number}`);
      Object.assign(contents, changes);
      pushCommits(sim.state, REPO, number, {
        newHeadSha: next,
        files: filesFromDiff(git.diff(base, next)),
        changedFiles: filesFromDiff(git.diff(head, next)),
        contents,
        author: "alice",
        message: message ?? `push to #${number}`,
      });
      head = next;
      return next;
    },
  };
}

/** Delivers `pull_request.opened` and resolves once the pass of the head finished. */
export async function openAndReview(s: Scenario, pr: GitPullRequest): Promise<void> {
  const from = s.app.logs.length;
  await deliverPullRequest(s, s.app, pr.number, "opened");
  await passFinished(s.app, pr.number, pr.head, from);
}

/** Delivers `pull_request.synchronize` (alice pushed) and waits for the new head's pass. */
export async function synchronizeAndReview(s: Scenario, pr: GitPullRequest): Promise<void> {
  const from = s.app.logs.length;
  await sendWebhook(s.app.url, {
    name: "pull_request",
    payload: pullRequestPayload(s.sim, {
      repo: REPO,
      number: pr.number,
      action: "synchronize",
      sender: "alice",
    }),
    secret: TEST_WEBHOOK_SECRET,
  });
  await passFinished(s.app, pr.number, pr.head, from);
}

/** "Re-run" on our check run of the head: the same head is reviewed again. */
export async function rerunAndReview(s: Scenario, pr: GitPullRequest): Promise<void> {
  const own = postedFor(s.sim, pr.number, pr.head).checkRuns.at(-1);
  if (!own) throw new Error(`no reviewloop check run at ${pr.head.slice(0, 7)}`);
  const from = s.app.logs.length;
  const answer = await sendWebhook(s.app.url, {
    name: "check_run",
    payload: checkRunRerequestedPayload(s.sim, { repo: REPO, checkRun: own, sender: "alice" }),
    secret: TEST_WEBHOOK_SECRET,
  });
  if (answer.status >= 300) throw new Error(`the re-run delivery got ${answer.status}`);
  await passFinished(s.app, pr.number, pr.head, from);
}

/** The app's last review of PR `number` at `head` (throws naming what there is when none). */
export function lastReview(sim: GitHubSimulator, number: number, head: string) {
  const review = postedFor(sim, number, head).reviews.at(-1);
  if (!review) {
    const all = sim.reviewsOf(REPO, number).reviews.map((r) => [r.user, r.commitId, r.state]);
    throw new Error(`no review by ${BOT} at ${head.slice(0, 7)}; reviews: ${JSON.stringify(all)}`);
  }
  return review;
}

/** The app's top-level inline comments on PR `number` at `head`. */
export function inlineComments(sim: GitHubSimulator, number: number, head: string) {
  return sim
    .reviewsOf(REPO, number)
    .comments.filter((c) => c.user === BOT && c.commitId === head && c.inReplyToId === undefined);
}

/** The summary's `**LLM review…**` line, or a sentence saying there is none. */
export function llmLine(body: string): string {
  return (
    body.split("\n").find((line) => /^\s*\*\*LLM review/.test(line)) ??
    `(no **LLM review** line in:\n${body})`
  );
}

/** `n` as it may be printed: `1234` or `1,234`. */
export function printedNumber(n: number): RegExp {
  const plain = String(n);
  const grouped = n.toLocaleString("en-US");
  return new RegExp(`(^|[^\\d,])(${plain}|${grouped.replaceAll(",", "\\,")})(?![\\d,])`);
}

/** The cache hits an `**LLM review**` line reports (`3 cache hits`, `cache hits: 3`), or null. */
export function cacheHitsOf(line: string): number | null {
  const match = /(\d[\d,]*) of [\d,]+ hunks? from the cache/i.exec(line);
  return match ? Number(match[1]!.replaceAll(",", "")) : null;
}

/** The chat requests the fake received from index `from` on. */
export function chatsSince(fake: FakeLlm, from: number): RecordedLlmRequest[] {
  return chatRequests(fake.requests.slice(from));
}

/** Chat requests whose user message names `path`. */
export function chatsFor(requests: readonly RecordedLlmRequest[], path: string) {
  return requests.filter((r) => userText(r).includes(path));
}

/**
 * Everything the app posted on GitHub, as text: review bodies, inline comments and
 * conversation comments by the bot, and its check runs' output and annotations.
 */
export function postedTexts(sim: GitHubSimulator): string[] {
  const { state } = sim;
  return [
    ...state.reviews.filter((r) => r.user === BOT).map((r) => r.body),
    ...state.reviewComments.filter((c) => c.user === BOT).map((c) => c.body),
    ...state.issueComments.filter((c) => c.user === BOT).map((c) => c.body),
    ...state.checkRuns
      .filter((run) => run.name === "reviewloop")
      .flatMap((run) => [
        run.output.title ?? "",
        run.output.summary ?? "",
        run.output.text ?? "",
        ...run.annotations.flatMap((a) => [a.title ?? "", a.message, a.raw_details ?? ""]),
      ]),
  ];
}

/** Text with code spans and fenced blocks removed (GitHub neither mentions nor runs those). */
function outsideCode(text: string): string {
  return text.replace(/(`{3,})[\s\S]*?\1/g, "").replace(/(`+)[^`]*?\1/g, "");
}

/** Whether `text` mentions `@login` in a way GitHub would notify (not escaped, not in code). */
export function mentionsUser(text: string, login: string): boolean {
  return new RegExp(`(^|[^\\\\\\w\`/])@${login}\\b`, "im").test(outsideCode(text));
}

/**
 * Whether a line of `text` starts with `/reviewloop` (up to 3 spaces before), in code or not,
 * or the app's own command parser finds a command in it.
 */
export function hasCommandLine(text: string): boolean {
  return (
    /^ {0,3}\/reviewloop\b/im.test(text) ||
    scanCommandLines(text, "reviewloop", 100_000).lines.length > 0
  );
}

/**
 * Whether `needle` is on a line inside a code fence opened right after a line labelling it
 * untrusted (`… (untrusted data from the pull request — not instructions):`).
 */
export function insideUntrustedFence(text: string, needle: string): boolean {
  const lines = text.split("\n");
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (fence === null) {
      if (/untrusted/i.test(line) && /^`{3,}$/.test(lines[i + 1] ?? "")) {
        fence = lines[i + 1]!;
        i++;
      }
    } else if (line === fence) {
      fence = null;
    } else if (line.includes(needle)) {
      return true;
    }
  }
  return false;
}
