import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, type RepoConfig } from "../../src/config/schema.ts";
import type { LlmCoverage } from "../../src/engines/llm/llm-types.ts";
import type { ReviewEngine } from "../../src/engines/review-engine.ts";
import type { PassDiff } from "../../src/review-job/gather-diff.ts";
import { persistPass } from "../../src/review-job/persist-pass.ts";
import { planPass } from "../../src/review-job/plan-pass.ts";
import type { ReviewRecord } from "../../src/store/review-repository.ts";
import { makeModifiedFile } from "../engines/builtin/make-diff.ts";
import { openTestDb, type TestDatabase, testBackends } from "../helpers/test-db.ts";

const CONFIG: RepoConfig = {
  ...DEFAULT_CONFIG,
  engines: {
    ...DEFAULT_CONFIG.engines,
    builtin: { ...DEFAULT_CONFIG.engines.builtin, enabled: false },
  },
};
const files = [
  makeModifiedFile("src/app.ts", ["const a = 1;"], 1),
  makeModifiedFile("src/big.ts", ["const b = 2;"], 1),
];
const diff: PassDiff = {
  mode: "full",
  base: "1".repeat(40),
  prFiles: files,
  reviewFiles: files,
  changes: files,
  unchanged: [],
  truncatedAt3000: false,
};
const COVERAGE: LlmCoverage = {
  state: "on",
  model: "openai-compatible:fake-model",
  filesReviewed: ["src/app.ts"],
  filesSkipped: [
    { path: "src/big.ts", reason: "budget", detail: "max_input_tokens 20,000 reached" },
  ],
  tokensIn: 12_345,
  tokensOut: 678,
  budgetUsed: 19_500,
  budget: 20_000,
  chunks: 2,
  cacheHits: 1,
  requests: 1,
  movedToSummary: 0,
  dropped: 0,
  merged: 0,
  repaired: 0,
};
const LLM_LINE =
  "**LLM review** (`openai-compatible:fake-model`): 1 of 2 files reviewed · 12,345 tokens in, 678 out · 1 of 2 hunks from the cache";

/** An LLM engine that reviewed nothing worth saying and reports `coverage`. */
const fakeLlm = (coverage: LlmCoverage): ReviewEngine => ({
  name: "llm",
  isEnabled: () => true,
  review: async () => ({ findings: [], skipped: [], errors: [], llmCoverage: coverage }),
});

const plan = (engines: ReviewEngine[]) =>
  planPass({
    diff,
    stored: [],
    config: CONFIG,
    headSha: "a".repeat(40),
    marker: "<!-- m -->",
    engines,
  });

describe("review-job/plan-pass with the LLM engine", () => {
  it("shows its coverage in the body (review and check run summary) and keeps it on the plan", async () => {
    const planned = await plan([fakeLlm(COVERAGE)]);

    expect(planned.body).toContain(LLM_LINE);
    expect(planned.body).toContain(
      "**LLM skipped files (1)**\n\n- `src/big.ts` — budget (max\\_input\\_tokens 20,000 reached)",
    );
    expect(planned.llmCoverage).toEqual(COVERAGE);
  });

  it("says it is off, and why, when the engine reports so", async () => {
    const planned = await plan([fakeLlm({ state: "off", reason: "no provider configured" })]);

    expect(planned.body).toContain("**LLM review:** off — no provider configured");
  });

  it("shows nothing about it when no LLM engine ran", async () => {
    const planned = await plan([]);

    expect(planned.body).not.toContain("LLM");
    expect(planned.llmCoverage).toBeUndefined();
  });
});

describe.each(testBackends())("review-job/persist-pass with the LLM engine on %s", (backend) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDb(backend);
  });
  afterAll(() => test.cleanup());

  const record = (jobId: number): ReviewRecord => ({
    installationId: 1,
    repoId: 2,
    prNumber: 3,
    baseSha: diff.base,
    headSha: "a".repeat(40),
    mode: "full",
    verdict: "comment",
    conclusion: "success",
    counts: {},
    githubRequests: 4,
    durationMs: 10,
    reviewId: 5,
    checkRunId: 6,
    trigger: "opened",
    jobId,
  });
  const stored = async (jobId: number) =>
    (
      await test.db.query<{ llm_coverage: unknown }>(
        "SELECT llm_coverage FROM reviews WHERE job_id = $1",
        [jobId],
      )
    ).rows[0]?.llm_coverage;

  it("stores what the LLM engine did with the pass", async () => {
    const planned = await plan([fakeLlm(COVERAGE)]);

    await persistPass(test.db, record(41), planned, new Map(), []);

    expect(await stored(41)).toEqual(COVERAGE);
  });

  it("stores the coverage again when a retried job records its pass again", async () => {
    await persistPass(test.db, record(42), await plan([]), new Map(), []);

    const off: LlmCoverage = { state: "off", reason: "disabled by engines.llm.enabled" };
    await persistPass(test.db, record(42), await plan([fakeLlm(off)]), new Map(), []);

    expect(await stored(42)).toEqual(off);
  });

  it("stores nothing for it when no LLM engine ran", async () => {
    await persistPass(test.db, record(43), await plan([]), new Map(), []);

    expect(await stored(43)).toBeNull();
  });
});
