import { describe, expect, it } from "vitest";
import { parseCheckCompletedEvent } from "../../src/handlers/parse-check-completed-event.ts";
import { webhookExample } from "../helpers/webhook-examples.ts";

const SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";

describe("parseCheckCompletedEvent", () => {
  it("reads a completed check run: repository, sha and the pull requests GitHub lists", () => {
    const payload = webhookExample("check_run", "completed");

    expect(parseCheckCompletedEvent("check_run", payload, "reviewloop")).toEqual({
      ok: true,
      check: {
        installationId: 4242,
        repoId: (payload.repository as { id: number }).id,
        repoFullName: "Codertocat/Hello-World",
        headSha: SHA,
        prNumbers: [2],
      },
    });
  });

  it("reads a completed check suite the same way", () => {
    const payload = webhookExample("check_suite", "completed");

    const parsed = parseCheckCompletedEvent("check_suite", payload, "reviewloop");

    expect(parsed).toMatchObject({ ok: true, check: { headSha: SHA, prNumbers: [2] } });
  });

  it("gives no pull request for a fork's head (GitHub lists none): the handler finds them by sha", () => {
    const payload = webhookExample("check_suite", "completed", 1);

    expect(parseCheckCompletedEvent("check_suite", payload)).toMatchObject({
      ok: true,
      check: { headSha: SHA, prNumbers: [] },
    });
  });

  it("leaves out a listed pull request whose head is another sha", () => {
    const payload = webhookExample("check_run", "completed");
    const run = payload.check_run as { pull_requests: { head: { sha: string } }[] };
    run.pull_requests[0]!.head.sha = "f".repeat(40);

    expect(parseCheckCompletedEvent("check_run", payload)).toMatchObject({
      ok: true,
      check: { prNumbers: [] },
    });
  });

  it("ignores our own check run, by its external_id or by name and our app", () => {
    const byId = webhookExample("check_run", "completed");
    Object.assign(byId.check_run as object, {
      name: "reviewloop",
      external_id: `reviewloop:1#2@${SHA}/5.0`,
    });
    const byApp = webhookExample("check_run", "completed");
    Object.assign(byApp.check_run as object, { name: "reviewloop", app: { slug: "my-loop" } });

    expect(parseCheckCompletedEvent("check_run", byId)).toEqual({
      ok: false,
      reason: "reviewloop's own check run",
    });
    expect(parseCheckCompletedEvent("check_run", byApp, "my-loop")).toMatchObject({ ok: false });
  });

  it("ignores our own check suite when our slug is known", () => {
    const payload = webhookExample("check_suite", "completed");
    (payload.check_suite as { app: { slug: string } }).app.slug = "my-loop";

    expect(parseCheckCompletedEvent("check_suite", payload, "my-loop")).toEqual({
      ok: false,
      reason: "reviewloop's own check suite",
    });
    expect(parseCheckCompletedEvent("check_suite", payload, "other")).toMatchObject({ ok: true });
  });

  it("handles only `completed`, and says why not", () => {
    expect(parseCheckCompletedEvent("check_run", webhookExample("check_run", "created"))).toEqual({
      ok: false,
      reason: "action created is not handled",
    });
    expect(
      parseCheckCompletedEvent("check_suite", webhookExample("check_suite", "requested")),
    ).toEqual({ ok: false, reason: "action requested is not handled" });
    expect(parseCheckCompletedEvent("check_run", { action: "completed" })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^payload lacks/),
    });
  });
});
