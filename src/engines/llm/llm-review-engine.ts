import type { Logger } from "pino";
import type { RepoConfig } from "../../config/schema.ts";
import type { DiffFile } from "../../review/diff-types.ts";
import type { EngineError } from "../../review/render-summary.ts";
import type { EngineOutput, ReviewEngine } from "../review-engine.ts";
import { buildRequests } from "./build-requests.ts";
import { createLlmClient } from "./call-model.ts";
import { collectAnswers } from "./collect-answers.ts";
import {
  type LlmCache,
  type LlmClient,
  type LlmCoverage,
  type LlmSettings,
  type LlmSkippedFile,
  type LlmUsage,
  modelLabel,
} from "./llm-types.ts";
import { planBudget } from "./plan-budget.ts";
import { prepareChunks } from "./prepare-chunks.ts";
import { sendRequests } from "./send-requests.ts";

/** The engine's name in findings, engine errors and coverage. */
export const LLM_ENGINE = "llm";

/** What the LLM engine needs for one pass. */
export interface LlmEngineDeps {
  /** The operator's settings; undefined = no provider configured (the engine reports itself off). */
  settings: LlmSettings | undefined;
  /** The incremental cache of the pass's repository. */
  cache: LlmCache;
  /** Default: the AI SDK client over `settings` (tests pass a fake or a mock model's client). */
  client?: LlmClient;
  /** The head's content of a file (for the enclosing scope of modified files); null if unknown. */
  readFile?: (path: string) => Promise<string | null>;
  /** The pull request's title and description (fenced as untrusted in every prompt). */
  pr: { title: string; body: string };
  log: Logger;
  signal?: AbortSignal;
  /** Told the pass's usage once its requests are done (the process's metrics). */
  onUsage?: (usage: LlmUsage) => void;
}

/**
 * The LLM review engine (`engines.llm`): per file (or chunk of a large file) one structured
 * request with the hunks, the enclosing scope from the head's file, the matching
 * `path_instructions` and the PR's title and description — all content fenced as untrusted.
 * Hunks answered before (same content, model, prompt version and instructions) come from the
 * cache and cost nothing; the others are sent in priority order while `max_input_tokens` allows.
 * A chunk that fails (after retries, or invalid after one repair) becomes an engine error and
 * its file is listed as skipped; the pass still posts. Always runs: with no provider configured
 * or the repository's `enabled: false`, it only reports itself off in the coverage.
 */
export function createLlmReviewEngine(deps: LlmEngineDeps): ReviewEngine {
  return {
    name: LLM_ENGINE,
    isEnabled: () => true,
    async review({ files, config }) {
      // Turned off by the repository: its open findings are resolved (nothing produces them).
      if (!config.engines.llm.enabled) return off("disabled by `engines.llm.enabled`", []);
      // No provider (an operator's restart without the variables): open findings stand.
      if (deps.settings === undefined) {
        return off(
          "no provider configured (`REVIEWLOOP_LLM_PROVIDER`)",
          files.map((f) => f.path),
        );
      }
      return reviewWithModel(deps, deps.settings, files, config);
    },
  };
}

function off(reason: string, unreadPaths: string[]): EngineOutput {
  return {
    findings: [],
    skipped: [],
    errors: [],
    unreadPaths,
    llmCoverage: { state: "off", reason },
  };
}

async function reviewWithModel(
  deps: LlmEngineDeps,
  settings: LlmSettings,
  files: readonly DiffFile[],
  config: RepoConfig,
): Promise<EngineOutput> {
  const model = modelLabel(settings);
  const client = deps.client ?? createLlmClient(settings);
  const budget = Math.min(config.engines.llm.max_input_tokens, settings.maxInputTokensCap);
  const prepared = prepareChunks(files, config, model);
  const keys = new Set(prepared.files.flatMap((f) => f.hunks.map((h) => h.key)));
  const cached = await deps.cache.get([...keys]);

  // Requests for the hunks the cache does not hold, with their exact token counts.
  const requests = await buildRequests(prepared.files, cached, {
    pr: deps.pr,
    concurrency: settings.concurrency,
    log: deps.log,
    ...(deps.readFile === undefined ? {} : { readFile: deps.readFile }),
  });
  const perFile = new Map<string, number>();
  for (const r of requests) perFile.set(r.path, (perFile.get(r.path) ?? 0) + r.tokens);
  const tooLarge = new Set([...perFile].filter(([, t]) => t > budget).map(([path]) => path));
  const plan = planBudget(
    [...perFile]
      .filter(([path]) => !tooLarge.has(path))
      .map(([path, tokens]) => ({ path, tokens })),
    budget,
  );
  const sending = new Set(plan.send);
  const answers = await sendRequests(
    client,
    requests.filter((r) => sending.has(r.path)),
    { cache: deps.cache, concurrency: settings.concurrency, ...signalOf(deps) },
  );
  const collected = collectAnswers(prepared.files, cached, answers);

  const skipped: LlmSkippedFile[] = [...prepared.skipped];
  const unread = new Set<string>();
  for (const path of tooLarge) {
    skipped.push({
      path,
      reason: "too large",
      detail: `${(perFile.get(path) ?? 0).toLocaleString("en-US")} tokens, more than max_input_tokens ${budget.toLocaleString("en-US")}`,
    });
    unread.add(path);
  }
  for (const path of plan.overBudget) {
    skipped.push({
      path,
      reason: "budget",
      detail: `max_input_tokens ${budget.toLocaleString("en-US")} reached`,
    });
    unread.add(path);
  }
  const errors: EngineError[] = [];
  for (const failure of collected.failures) {
    deps.log.warn({ path: failure.path, error: failure.message }, "LLM request failed");
    errors.push({ engine: LLM_ENGINE, message: failure.message });
    if (!unread.has(failure.path)) {
      skipped.push({ path: failure.path, reason: "engine error", detail: failure.short });
      unread.add(failure.path);
    }
  }
  for (const message of collected.cacheErrors) {
    deps.log.warn({ error: message }, "LLM answer not cached");
  }

  deps.onUsage?.({
    model,
    tokensIn: collected.tokensIn,
    tokensOut: collected.tokensOut,
    requests: collected.requests,
    answered: collected.answered,
    cacheHits: collected.cacheHits,
    failed: collected.failures.length,
  });
  const coverage: LlmCoverage = {
    state: "on",
    model,
    filesReviewed: prepared.files
      .map((f) => f.file.path)
      .filter((path) => !unread.has(path))
      .sort(),
    filesSkipped: skipped,
    tokensIn: collected.tokensIn,
    tokensOut: collected.tokensOut,
    budgetUsed: plan.used,
    budget,
    chunks: prepared.files.reduce((n, f) => n + f.hunks.length, 0),
    cacheHits: collected.cacheHits,
    requests: collected.requests,
    movedToSummary: collected.movedToSummary,
    dropped: collected.dropped,
    merged: 0,
    repaired: collected.repaired,
  };
  return {
    findings: collected.findings,
    // Listed in the LLM's own coverage: the builtin rules may still have reviewed these files.
    skipped: [],
    errors,
    unreadPaths: [...unread].sort(),
    llmCoverage: coverage,
  };
}

function signalOf(deps: LlmEngineDeps): { signal?: AbortSignal } {
  return deps.signal === undefined ? {} : { signal: deps.signal };
}
