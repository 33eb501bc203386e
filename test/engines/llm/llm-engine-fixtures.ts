import { pino } from "pino";
import { DEFAULT_CONFIG, type RepoConfig } from "../../../src/config/index.ts";
import type {
  CachedChunk,
  LlmCache,
  LlmClient,
  LlmSettings,
  ModelAnswer,
  ModelFinding,
  ModelRequest,
} from "../../../src/engines/llm/llm-types.ts";
import type { DiffFile } from "../../../src/review/diff-types.ts";
import { parseGitDiff } from "../../../src/review/parse-git-diff.ts";

export const SETTINGS: LlmSettings = {
  provider: "openai-compatible",
  model: "fake-model",
  baseUrl: "http://llm.local/v1",
  apiKey: "sk-test-not-a-real-key",
  maxInputTokensCap: 200_000,
  concurrency: 2,
  timeoutMs: 10_000,
  maxRetries: 0,
};

export const SILENT = pino({ level: "silent" });

/** The default config with `engines.llm` overridden. */
export function llmConfig(llm: Partial<RepoConfig["engines"]["llm"]> = {}): RepoConfig {
  return {
    ...DEFAULT_CONFIG,
    engines: { ...DEFAULT_CONFIG.engines, llm: { ...DEFAULT_CONFIG.engines.llm, ...llm } },
  };
}

/** A Map-backed cache that counts its calls. */
export function memoryCache(): LlmCache & { entries: Map<string, CachedChunk>; puts: number } {
  const entries = new Map<string, CachedChunk>();
  const cache = {
    entries,
    puts: 0,
    async get(keys: readonly string[]) {
      return new Map(keys.flatMap((k) => (entries.has(k) ? [[k, entries.get(k)!] as const] : [])));
    },
    async put(key: string, value: CachedChunk) {
      cache.puts++;
      entries.set(key, value);
    },
  };
  return cache;
}

/** A client answering from `respond` (by prompt), recording every request. */
export function fakeClient(
  respond: (request: ModelRequest) => ModelFinding[] | Error = () => [],
): LlmClient & { requests: ModelRequest[] } {
  const requests: ModelRequest[] = [];
  return {
    model: "openai-compatible:fake-model",
    requests,
    async review(request): Promise<ModelAnswer> {
      requests.push(request);
      const answer = respond(request);
      if (answer instanceof Error) throw answer;
      return { findings: answer, tokensIn: 100, tokensOut: 10, repaired: false, requests: 1 };
    },
  };
}

/** A finding as the model would write it. */
export function modelFinding(
  over: Partial<ModelFinding> & Pick<ModelFinding, "path" | "line">,
): ModelFinding {
  return {
    start_line: null,
    side: "RIGHT",
    severity: "warning",
    category: "bugs",
    title: "Possible null dereference",
    body: "`user` may be undefined here.",
    suggestion: null,
    ...over,
  };
}

/** An added file of `lines` lines, as `git diff` prints it. */
export function addedFile(path: string, lines: readonly string[]): DiffFile {
  const body = lines.map((l) => `+${l}`).join("\n");
  const text = `diff --git a/${path} b/${path}\nnew file mode 100644\nindex 0000000..1111111\n--- /dev/null\n+++ b/${path}\n@@ -0,0 +1,${lines.length} @@\n${body}\n`;
  return parseGitDiff(text)[0]!;
}

/** `n` lines of plausible code, distinct per `seed`. */
export function codeLines(seed: string, n: number): string[] {
  return Array.from(
    { length: n },
    (_, i) => `export const ${seed}${i} = compute("${seed}", ${i});`,
  );
}
