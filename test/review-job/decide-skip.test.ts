import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/config/schema.ts";
import { decideSkip } from "../../src/review-job/decide-skip.ts";

const pr = { draft: false, baseRef: "main", author: "octocat", labels: [] as string[] };
const review = DEFAULT_CONFIG.review;

describe("review-job/decideSkip", () => {
  it.each([
    ["an open pull request with the defaults", pr, review, null],
    ["a draft", { ...pr, draft: true }, review, "draft pull request (review.drafts is false)"],
    ["a draft with review.drafts", { ...pr, draft: true }, { ...review, drafts: true }, null],
    [
      "a base branch outside review.branches",
      { ...pr, baseRef: "gh-pages" },
      { ...review, branches: ["main", "release/**"] },
      "base branch gh-pages is not in review.branches",
    ],
    [
      "a base branch matching a glob",
      { ...pr, baseRef: "release/1.2" },
      { ...review, branches: ["release/**"] },
      null,
    ],
    [
      "an ignored author, whatever the case",
      { ...pr, author: "Dependabot[bot]" },
      { ...review, ignore_authors: ["dependabot[bot]"] },
      "author Dependabot[bot] is in review.ignore_authors",
    ],
    [
      "a skip label",
      { ...pr, labels: ["docs", "reviewloop:skip"] },
      review,
      "label reviewloop:skip is in review.labels.skip",
    ],
  ])("with %s → %s", (_name, input, settings, expected) => {
    expect(decideSkip(input, settings)).toBe(expected);
  });
});
