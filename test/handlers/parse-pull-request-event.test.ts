import { describe, expect, it } from "vitest";
import { parsePullRequestEvent } from "../../src/handlers/parse-pull-request-event.ts";
import { webhookExample } from "../helpers/webhook-examples.ts";

function synchronize(after: string) {
  const payload = webhookExample("pull_request", "synchronize");
  const pr = payload.pull_request as { head: { sha: string }; updated_at: string };
  pr.head.sha = "b".repeat(40);
  pr.updated_at = "2026-12-02T10:00:05Z";
  payload.before = "a".repeat(40);
  payload.after = after;
  return payload;
}

describe("handlers/parsePullRequestEvent", () => {
  it("carries the pull request's updated_at and the push's before into HeadUpdated", () => {
    const parsed = parsePullRequestEvent("d-1", synchronize("b".repeat(40)));

    expect(parsed).toMatchObject({
      ok: true,
      envelope: {
        event: {
          type: "HeadUpdated",
          headSha: "b".repeat(40),
          updatedAt: "2026-12-02T10:00:05Z",
          before: "a".repeat(40),
        },
      },
    });
  });

  it("drops before when after does not name the head (a payload that is not about this head)", () => {
    const parsed = parsePullRequestEvent("d-2", synchronize("c".repeat(40)));

    expect(parsed.ok && parsed.envelope.event).not.toHaveProperty("before");
  });

  it("marks a push by the app's own bot account (`<slug>[bot]`) as the app's, and no one else's", () => {
    const byApp = synchronize("b".repeat(40));
    byApp.sender = { login: "Loopy[bot]", type: "Bot" };
    const parsed = parsePullRequestEvent("d-4", byApp, "loopy");
    expect(parsed.ok && parsed.envelope.event).toMatchObject({ byApp: true });

    const other = synchronize("b".repeat(40));
    other.sender = { login: "loopy-fork[bot]", type: "Bot" };
    const parsedOther = parsePullRequestEvent("d-5", other, "loopy");
    expect(parsedOther).toMatchObject({ ok: true });
    expect(parsedOther.ok && parsedOther.envelope.event).not.toHaveProperty("byApp");
    // The slug unknown: nobody's push is the app's.
    const unknown = parsePullRequestEvent("d-6", byApp);
    expect(unknown.ok && unknown.envelope.event).not.toHaveProperty("byApp");
  });

  it("carries updated_at into PullRequestClosed", () => {
    const payload = webhookExample("pull_request", "closed");

    const parsed = parsePullRequestEvent("d-3", payload);

    expect(parsed).toMatchObject({
      ok: true,
      envelope: { event: { type: "PullRequestClosed", updatedAt: "2019-05-15T15:21:18Z" } },
    });
  });
});
