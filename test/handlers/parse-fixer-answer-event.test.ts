import { describe, expect, it } from "vitest";
import { parseFixerAnswerEvent } from "../../src/handlers/parse-fixer-answer-event.ts";

function comment(body: string, extra: Record<string, unknown> = {}) {
  return {
    action: "created",
    installation: { id: 1 },
    repository: { id: 2, full_name: "acme/app" },
    sender: { login: "fixer[bot]", type: "Bot" },
    issue: { number: 7, pull_request: { url: "x" } },
    comment: { id: 99, body },
    ...extra,
  };
}

const BLOCK = '```reviewloop-dispositions\n[{"id":"F1","disposition":"fixed"}]\n```';

describe("handlers/parseFixerAnswerEvent", () => {
  it("turns a pull request comment with a dispositions block into FixerAnswered", () => {
    expect(parseFixerAnswerEvent("d1", comment(`Done.\n\n${BLOCK}`))).toMatchObject({
      deliveryId: "d1",
      prNumber: 7,
      repoId: 2,
      event: { type: "FixerAnswered", actor: { login: "fixer[bot]" }, commentId: 99 },
    });
  });

  it.each([
    ["no block", "All fixed, thanks"],
    ["another language", "```json\n[]\n```"],
    ["the word inline", "see `reviewloop-dispositions` docs"],
  ])("ignores a comment with %s", (_, body) => {
    expect(parseFixerAnswerEvent("d", comment(body))).toBeNull();
  });

  it("ignores comments on plain issues and edits", () => {
    expect(parseFixerAnswerEvent("d", comment(BLOCK, { issue: { number: 7 } }))).toBeNull();
    expect(parseFixerAnswerEvent("d", comment(BLOCK, { action: "edited" }))).toBeNull();
  });
});
