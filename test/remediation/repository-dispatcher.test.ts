import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isOutcomeUnknown } from "../../src/github/send-once.ts";
import { buildDispatchPayload } from "../../src/remediation/build-dispatch-payload.ts";
import { payloadLimitFor, utf8Length } from "../../src/remediation/dispatch-limits.ts";
import type { DispatchTarget } from "../../src/remediation/dispatcher.ts";
import { repositoryDispatcher } from "../../src/remediation/repository-dispatcher.ts";
import { API, jobLikeClient } from "./github-client.ts";
import { manyFindings, payloadInput } from "./payload-fixtures.ts";

const R = "/repos/octo/app";
const target: DispatchTarget = { type: "repository_dispatch", eventType: "reviewloop-fix" };
const payload = buildDispatchPayload(payloadInput(), { maxChars: 65_000 });
const request = { owner: "octo", repo: "app", target, payload };

describe("remediation/repositoryDispatcher", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  describe("send", () => {
    it("sends the event type and a client_payload of four keys with the payload as an object", async () => {
      const dispatcher = repositoryDispatcher(await jobLikeClient());
      let sent: unknown;
      const scope = nock(API)
        .post(`${R}/dispatches`, (body) => {
          sent = body;
          return true;
        })
        .reply(204);

      const result = await dispatcher.send(request);

      expect(result).toEqual({ ok: true, run: null });
      expect(sent).toEqual({
        event_type: "reviewloop-fix",
        client_payload: { dispatch_id: "rl-7-1-1-abc123", pr: 7, round: 1, payload },
      });
      expect(scope.isDone()).toBe(true);
    });

    it("keeps the largest payload built for its budget under 64 KB with at most 10 keys", async () => {
      const dispatcher = repositoryDispatcher(await jobLikeClient());
      const big = buildDispatchPayload(
        payloadInput({
          findings: manyFindings(400).map((entry) => ({ ...entry, title: "ünïcödé → ✓" })),
        }),
        payloadLimitFor("repository_dispatch", { pr: 7, round: 1, dispatchId: "rl-7-1-1-abc123" }),
      );
      let keys = 0;
      let bytes = 0;
      const scope = nock(API)
        .post(`${R}/dispatches`, (body: { client_payload: Record<string, unknown> }) => {
          keys = Object.keys(body.client_payload).length;
          bytes = utf8Length(JSON.stringify(body.client_payload));
          return true;
        })
        .reply(204);

      await dispatcher.send({ ...request, payload: big });

      expect(big.findings_omitted).toBeGreaterThan(0);
      expect(keys).toBeLessThanOrEqual(10);
      expect(bytes).toBeLessThan(64 * 1024);
      expect(bytes).toBeGreaterThan(60 * 1024);
      expect(scope.isDone()).toBe(true);
    });

    it("refuses, without sending, a client_payload of 64 KB or more", async () => {
      const dispatcher = repositoryDispatcher(await jobLikeClient());
      const tooBig = buildDispatchPayload(payloadInput({ findings: manyFindings(400) }), {
        maxChars: 200_000,
      });
      const scope = nock(API).post(`${R}/dispatches`).reply(204);

      const result = await dispatcher.send({ ...request, payload: tooBig });

      expect(result).toMatchObject({ ok: false, status: 413 });
      expect(scope.isDone()).toBe(false);
    });

    it("returns a 422 as refused with GitHub's message", async () => {
      const dispatcher = repositoryDispatcher(await jobLikeClient());
      nock(API)
        .post(`${R}/dispatches`)
        .reply(422, { message: "Invalid request.\n\nNo more than 10 properties are allowed" });

      const result = await dispatcher.send(request);

      expect(result).toEqual({
        ok: false,
        status: 422,
        message: "Invalid request.\n\nNo more than 10 properties are allowed",
      });
    });

    it("throws an unknown outcome for a 5xx", async () => {
      const dispatcher = repositoryDispatcher(await jobLikeClient());
      const scope = nock(API).post(`${R}/dispatches`).reply(500);

      const error = await dispatcher.send(request).catch((caught: unknown) => caught);

      expect(isOutcomeUnknown(error)).toBe(true);
      expect(scope.isDone()).toBe(true);
    });
  });

  describe("findRun", () => {
    it("looks through the repository's repository_dispatch runs for the dispatch id", async () => {
      const dispatcher = repositoryDispatcher(await jobLikeClient());
      const scope = nock(API)
        .get(`${R}/actions/runs`)
        .query({
          event: "repository_dispatch",
          created: ">=2026-11-21T11:55:00Z",
          per_page: "100",
          page: "1",
        })
        .reply(200, {
          total_count: 1,
          workflow_runs: [
            {
              id: 77,
              name: "fix",
              display_title: "reviewloop rl-7-1-1-abc123",
              html_url: "https://github.com/octo/app/actions/runs/77",
            },
          ],
        });

      const found = await dispatcher.findRun({
        owner: "octo",
        repo: "app",
        target,
        dispatchId: "rl-7-1-1-abc123",
        since: new Date("2026-11-21T12:00:00Z"),
      });

      expect(found).toEqual({ runId: 77, runUrl: "https://github.com/octo/app/actions/runs/77" });
      expect(scope.isDone()).toBe(true);
    });
  });
});
