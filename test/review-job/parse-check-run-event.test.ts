import { describe, expect, it } from "vitest";
import { parseCheckRunEvent } from "../../src/handlers/parse-check-run-event.ts";
import { webhookExample } from "../helpers/webhook-examples.ts";

function rerequested(checkRun: Record<string, unknown>) {
  const payload = webhookExample("check_run", "rerequested");
  payload.check_run = { ...(payload.check_run as object), ...checkRun };
  return payload;
}

const ours = {
  name: "reviewloop",
  head_sha: "h1",
  external_id: "reviewloop:1#7@h1",
  pull_requests: [{ number: 7, head: { sha: "h1" }, base: { sha: "b1" } }],
};

describe("handlers/parseCheckRunEvent", () => {
  it("turns a re-run of our check run into a ReviewRequested for its pull request", () => {
    const parsed = parseCheckRunEvent("delivery-1", rerequested(ours));

    expect(parsed).toMatchObject({
      ok: true,
      envelope: {
        prNumber: 7,
        event: { type: "ReviewRequested", headSha: "h1", baseSha: "b1", requestId: "delivery-1" },
      },
    });
  });

  it.each([
    ["another check's name", { ...ours, name: "ci" }],
    ["a check run of another app", { ...ours, external_id: "other" }],
    ["a check run on no pull request (a fork)", { ...ours, pull_requests: [] }],
  ])("ignores %s", (_name, checkRun) => {
    expect(parseCheckRunEvent("d", rerequested(checkRun)).ok).toBe(false);
  });
});
