import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildDispatchPayload } from "../../src/remediation/build-dispatch-payload.ts";
import { createDispatcher } from "../../src/remediation/create-dispatcher.ts";
import type { DispatchTarget } from "../../src/remediation/dispatcher.ts";
import { API, jobLikeClient } from "./github-client.ts";
import { payloadInput } from "./payload-fixtures.ts";

const payload = buildDispatchPayload(payloadInput(), { maxChars: 65_000 });

describe("remediation/createDispatcher", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it.each<[string, DispatchTarget, () => nock.Scope]>([
    [
      "workflow_dispatch",
      { type: "workflow_dispatch", workflow: "fix.yml", ref: "feature" },
      () => nock(API).post("/repos/octo/app/actions/workflows/fix.yml/dispatches").reply(204),
    ],
    [
      "repository_dispatch",
      { type: "repository_dispatch", eventType: "fix" },
      () => nock(API).post("/repos/octo/app/dispatches").reply(204),
    ],
    [
      "webhook",
      { type: "webhook", url: "https://fixer.example.com/hook", secret: "s" },
      () => nock("https://fixer.example.com").post("/hook").reply(204),
    ],
  ])("sends a %s target through its adapter", async (_type, target, mock) => {
    const dispatcher = createDispatcher({ github: await jobLikeClient() });
    const scope = mock();

    const result = await dispatcher.send({ owner: "octo", repo: "app", target, payload });

    expect(result).toEqual({ ok: true, run: null });
    expect(scope.isDone()).toBe(true);
  });
});
