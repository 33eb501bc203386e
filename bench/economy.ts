/**
 * Economy benchmark (issue 11): what the LLM engine sends per round of a review loop, against a
 * loopback OpenAI-compatible fake. Round 1 reviews a 5-file pull request (`git diff base..head`);
 * rounds 2 and 3 are a fixer's small pushes reviewed incrementally (`git diff last..head`, what
 * `compare/{last}...{head}` gives the app), the incremental cache in the store (PGlite) in
 * between. Per round: bytes changed (that diff's length), bytes and tokens sent, the diff bytes
 * inside the prompts, the overhead, cache hits, requests and wall time. The goal after round 1:
 * diff bytes sent ≤ 1.1 × bytes changed, the fixed prompt overhead shown apart.
 * Run: `npm run bench -- economy`; prints JSON.
 */
import { type Logger, pino } from "pino";
import { DEFAULT_CONFIG } from "../src/config/schema.ts";
import { createLlmReviewEngine } from "../src/engines/llm/llm-review-engine.ts";
import type { LlmCache, LlmSettings } from "../src/engines/llm/llm-types.ts";
import type { ReviewEngine } from "../src/engines/review-engine.ts";
import { parseGitDiff } from "../src/review/parse-git-diff.ts";
import { createLlmCache } from "../src/store/llm-cache-repository.ts";
import { migrate } from "../src/store/migrate.ts";
import { openPglite } from "../src/store/open-pglite.ts";
import {
  chatRequests,
  promptTokensFor,
  type RecordedLlmRequest,
  startFakeLlm,
  userText,
} from "../test/support/fake-llm-server.ts";
import { createGitFixture } from "../test/support/git-fixture.ts";
import { ECONOMY_PR, economyRounds } from "./economy-fixture.ts";

/** What `createLlmReviewEngine` is given (the shape the integration exports). */
export interface LlmEngineDeps {
  settings: LlmSettings;
  cache: LlmCache;
  /** The head file's content (context around hunks); null when the file is not there. */
  readFile?: (path: string) => Promise<string | null>;
  pr: { title: string; body: string };
  log: Logger;
}

/** `createLlmReviewEngine` of `src/engines/llm/llm-review-engine.ts`. */
export type CreateLlmReviewEngine = (deps: LlmEngineDeps) => ReviewEngine;

/** One round's figures. */
export interface EconomyRound {
  round: number;
  /** Byte length of the round's `git diff` (base..head, then last..head). */
  bytesChanged: number;
  /** Request bodies sent to the model, in bytes. */
  bytesSent: number;
  /** Bytes of the numbered diff blocks inside the user messages. */
  diffBytesSent: number;
  /** bytesSent − diffBytesSent: prompts, schema, PR description, context lines. */
  overheadBytes: number;
  /** Prompt tokens the provider reported. */
  tokensSent: number;
  /** Prompt tokens the engine's coverage reports (it reads the provider's usage). */
  coverageTokensIn: number | null;
  /** Prompt tokens the engine counted before sending (o200k_base: the budget's measure). */
  tokensCounted: number | null;
  cacheHits: number | null;
  requests: number;
  wallMs: number;
}

const MODEL = "fake-coder-1";

/** `npm run bench -- economy`: the real engine, the store cache on a fresh PGlite. */
export function benchEconomy(): Promise<object> {
  return runEconomy(createLlmReviewEngine);
}

/** The store's cache on a fresh, migrated PGlite. */
async function openCache(): Promise<{ cache: LlmCache; kind: string; close(): Promise<void> }> {
  const db = await openPglite();
  await migrate(db);
  return {
    cache: createLlmCache(db, { installationId: 1, repoId: 1 }),
    kind: "store (PGlite, llm_cache)",
    close: () => db.close(),
  };
}

/**
 * The numbered diff inside a user message: the body of the fence labelled `Diff … untrusted`
 * (render-prompt.ts); without such a label, the lines that look like numbered diff lines.
 */
export function diffTextOf(user: string): string {
  const lines = user.split("\n");
  const blocks: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^Diff\b.*untrusted/i.test(lines[i]!) || !/^`{3,}$/.test(lines[i + 1] ?? "")) continue;
    const fence = lines[i + 1]!;
    const end = lines.indexOf(fence, i + 2);
    if (end === -1) continue;
    blocks.push(`${lines.slice(i + 2, end).join("\n")}\n`);
    i = end;
  }
  if (blocks.length > 0) return blocks.join("");
  const numbered = lines.filter((line) => /^(@@ |\d+[ +-])/.test(line));
  return numbered.length === 0 ? "" : `${numbered.join("\n")}\n`;
}

function figuresOf(requests: readonly RecordedLlmRequest[]) {
  let bytesSent = 0;
  let diffBytesSent = 0;
  let tokensSent = 0;
  for (const request of requests) {
    bytesSent += request.rawBody.length;
    diffBytesSent += Buffer.byteLength(diffTextOf(userText(request)));
    tokensSent += promptTokensFor(request.rawBody.length);
  }
  return { bytesSent, diffBytesSent, tokensSent };
}

/** Runs the three rounds with `createEngine` and returns the report. */
export async function runEconomy(
  createEngine: CreateLlmReviewEngine,
  options: { cache?: LlmCache } = {},
): Promise<object> {
  const fake = await startFakeLlm();
  const git = createGitFixture();
  const opened = options.cache
    ? { cache: options.cache, kind: "given", close: async () => {} }
    : await openCache();
  try {
    const { base: baseTree, rounds: trees } = economyRounds();
    const base = git.commit(baseTree, "base");
    const settings: LlmSettings = {
      provider: "openai-compatible",
      model: MODEL,
      baseUrl: fake.baseUrl,
      apiKey: "sk-bench-not-a-secret",
      maxInputTokensCap: 200_000,
      concurrency: 4,
      timeoutMs: 30_000,
      maxRetries: 2,
    };
    const rounds: EconomyRound[] = [];
    let last = base;
    for (const [index, tree] of trees.entries()) {
      const head = git.commit(tree, `round ${index + 1}`);
      const diff = git.diff(index === 0 ? base : last, head);
      const engine = createEngine({
        settings,
        cache: opened.cache,
        readFile: async (path) => git.show(head, path),
        pr: ECONOMY_PR,
        log: pino({ level: "silent" }),
      });
      const from = fake.requests.length;
      const started = performance.now();
      const output = await engine.review({
        files: parseGitDiff(diff),
        ...(index === 0 ? {} : { contextFiles: parseGitDiff(git.diff(base, head)) }),
        config: DEFAULT_CONFIG,
      });
      const wallMs = Math.round(performance.now() - started);
      const sent = chatRequests(fake.requests.slice(from));
      const figures = figuresOf(sent);
      const coverage = output.llmCoverage?.state === "on" ? output.llmCoverage : null;
      rounds.push({
        round: index + 1,
        bytesChanged: Buffer.byteLength(diff),
        ...figures,
        overheadBytes: figures.bytesSent - figures.diffBytesSent,
        coverageTokensIn: coverage?.tokensIn ?? null,
        tokensCounted: coverage?.budgetUsed ?? null,
        cacheHits: coverage?.cacheHits ?? null,
        requests: sent.length,
        wallMs,
      });
      if (output.errors.length > 0) {
        throw new Error(`round ${index + 1}: engine errors ${JSON.stringify(output.errors)}`);
      }
      last = head;
    }
    // A full review of the last head (a re-run, `full-review`, a rebase): whatever did not change
    // since it was answered comes from the cache.
    const rerunFrom = fake.requests.length;
    const rerunStarted = performance.now();
    const full = await createEngine({
      settings,
      cache: opened.cache,
      readFile: async (path) => git.show(last, path),
      pr: ECONOMY_PR,
      log: pino({ level: "silent" }),
    }).review({ files: parseGitDiff(git.diff(base, last)), config: DEFAULT_CONFIG });
    const rerunSent = chatRequests(fake.requests.slice(rerunFrom));
    const fullCoverage = full.llmCoverage?.state === "on" ? full.llmCoverage : null;
    const fullReview = {
      what: "full review of the round-3 head (base..head) after the three rounds",
      bytesSent: figuresOf(rerunSent).bytesSent,
      requests: rerunSent.length,
      chunks: fullCoverage?.chunks ?? null,
      cacheHits: fullCoverage?.cacheHits ?? null,
      wallMs: Math.round(performance.now() - rerunStarted),
    };
    const ratios = rounds.slice(1).map((r) => ({
      round: r.round,
      diffBytesSentPerByteChanged: Math.round((r.diffBytesSent / r.bytesChanged) * 100) / 100,
    }));
    return {
      scenario: "5-file PR, then two small fixer pushes (incremental)",
      model: `openai-compatible:${MODEL} (loopback fake, no findings)`,
      cache: opened.kind,
      rounds,
      fullReview,
      ratios,
      goal: "diffBytesSent ≤ 1.1 × bytesChanged after round 1",
      goalMet: ratios.every((r) => r.diffBytesSentPerByteChanged <= 1.1),
    };
  } finally {
    await opened.close();
    git.cleanup();
    await fake.close();
  }
}
