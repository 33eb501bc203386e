/** The categories the model is asked for; each LLM finding gets one (`llm/<category>`). */
export const LLM_CATEGORIES = [
  "bugs",
  "security",
  "performance",
  "maintainability",
  "tests",
  "docs",
  "style",
] as const;
export type LlmCategory = (typeof LLM_CATEGORIES)[number];

/** Words models use instead of ours. */
const SYNONYMS: ReadonlyMap<string, LlmCategory> = new Map(
  Object.entries({
    bug: "bugs",
    correctness: "bugs",
    logic: "bugs",
    "error handling": "bugs",
    reliability: "bugs",
    concurrency: "bugs",
    vulnerability: "security",
    perf: "performance",
    efficiency: "performance",
    readability: "maintainability",
    design: "maintainability",
    complexity: "maintainability",
    test: "tests",
    testing: "tests",
    doc: "docs",
    documentation: "docs",
    formatting: "style",
    naming: "style",
  } satisfies Record<string, LlmCategory>),
);

/**
 * One of {@link LLM_CATEGORIES} for whatever the model wrote (case and surrounding space
 * ignored, common synonyms mapped). Anything else becomes `bugs`: the prompt asks for real
 * problems only, so a finding with an unknown label is most likely one of correctness.
 */
export function normalizeCategory(category: string): LlmCategory {
  const word = category
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, " ");
  if ((LLM_CATEGORIES as readonly string[]).includes(word)) return word as LlmCategory;
  return SYNONYMS.get(word) ?? "bugs";
}
