import { describe, expect, it } from "vitest";
import { createLlmReviewEngine } from "../../src/engines/llm/llm-review-engine.ts";
import { LlmRequestError, type ModelRequest } from "../../src/engines/llm/llm-types.ts";
import type { PassDiff } from "../../src/review-job/gather-diff.ts";
import { planPass } from "../../src/review-job/plan-pass.ts";
import type { StoredFinding } from "../../src/store/finding-repository.ts";
import { makeModifiedFile } from "../engines/builtin/make-diff.ts";
import {
  fakeClient,
  llmConfig,
  memoryCache,
  modelFinding,
  SETTINGS,
  SILENT,
} from "../engines/llm/llm-engine-fixtures.ts";
import { storedOf } from "./stored-of.ts";

const CONFIG = (() => {
  const config = llmConfig();
  return { ...config, engines: { ...config.engines, builtin: { enabled: false, rules: {} } } };
})();
const FILE = makeModifiedFile("src/app.ts", ["const total = price * qty;", "return total;"], 10);

const DIFF: PassDiff = {
  mode: "full",
  base: "1".repeat(40),
  prFiles: [FILE],
  reviewFiles: [FILE],
  changes: [],
  unchanged: [],
  truncatedAt3000: false,
};

function pass(
  stored: StoredFinding[],
  respond: (r: ModelRequest) => ReturnType<Parameters<typeof fakeClient>[0] & {}>,
  settings = SETTINGS,
) {
  return planPass({
    diff: DIFF,
    stored,
    config: CONFIG,
    headSha: "a".repeat(40),
    marker: "<!-- m -->",
    engines: [
      createLlmReviewEngine({
        settings,
        cache: memoryCache(),
        client: fakeClient(respond),
        pr: { title: "t", body: "" },
        log: SILENT,
      }),
    ],
  });
}

describe("review-job/plan-pass: open LLM findings on files the engine could not review", () => {
  it("stand after a failed request, and are resolved when the model no longer reports them", async () => {
    const first = await pass([], () => [modelFinding({ path: "src/app.ts", line: 10 })]);
    expect(first.result.placed.map((f) => f.engine)).toEqual(["llm"]);
    const stored = storedOf(first);

    const failed = await pass(stored, () => new LlmRequestError("HTTP 503: overloaded", 503));
    expect(failed.resolved).toEqual([]);
    expect(failed.result.placed.map((f) => f.id)).toEqual([stored[0]!.id]);
    expect(failed.body).toContain("HTTP 503: overloaded");

    const clean = await pass(stored, () => []);
    expect(clean.resolved.map((f) => f.id)).toEqual([stored[0]!.id]);
  });
});
