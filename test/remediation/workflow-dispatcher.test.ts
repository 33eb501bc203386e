import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitHubApiError } from "../../src/github/github-api-error.ts";
import { isOutcomeUnknown } from "../../src/github/send-once.ts";
import { buildDispatchPayload } from "../../src/remediation/build-dispatch-payload.ts";
import { payloadLimitFor } from "../../src/remediation/dispatch-limits.ts";
import type { DispatchTarget } from "../../src/remediation/dispatcher.ts";
import { workflowDispatcher } from "../../src/remediation/workflow-dispatcher.ts";
import { API, jobLikeClient } from "./github-client.ts";
import { manyFindings, payloadInput } from "./payload-fixtures.ts";

const R = "/repos/octo/app";
const DISPATCHES = `${R}/actions/workflows/reviewloop-fix.yml/dispatches`;
const target: DispatchTarget = {
  type: "workflow_dispatch",
  workflow: "reviewloop-fix.yml",
  ref: "feature",
};
const payload = buildDispatchPayload(payloadInput(), { maxChars: 65_000 });
const request = { owner: "octo", repo: "app", target, payload };

describe("remediation/workflowDispatcher", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  describe("send", () => {
    it("dispatches the workflow on the head branch with the four inputs and asks for the run", async () => {
      const dispatcher = workflowDispatcher(await jobLikeClient());
      let sent: unknown;
      const scope = nock(API)
        .post(DISPATCHES, (body) => {
          sent = body;
          return true;
        })
        .reply(200, {
          workflow_run_id: 9001,
          run_url: `${API}${R}/actions/runs/9001`,
          html_url: "https://github.com/octo/app/actions/runs/9001",
        });

      const result = await dispatcher.send(request);

      expect(result).toEqual({
        ok: true,
        run: { runId: 9001, runUrl: "https://github.com/octo/app/actions/runs/9001" },
      });
      expect(sent).toEqual({
        ref: "feature",
        inputs: {
          pr: "7",
          round: "1",
          dispatch_id: "rl-7-1-1-abc123",
          payload: JSON.stringify(payload),
        },
        return_run_details: true,
      });
      expect(scope.isDone()).toBe(true);
    });

    it("accepts a 204 without run details: the run is found later by its name", async () => {
      const dispatcher = workflowDispatcher(await jobLikeClient());
      const scope = nock(API).post(DISPATCHES).reply(204);

      const result = await dispatcher.send(request);

      expect(result).toEqual({ ok: true, run: null });
      expect(scope.isDone()).toBe(true);
    });

    it("sends the largest payload built for its budget in inputs of at most 65,535 characters", async () => {
      const dispatcher = workflowDispatcher(await jobLikeClient());
      const big = buildDispatchPayload(
        payloadInput({ findings: manyFindings(400) }),
        payloadLimitFor("workflow_dispatch", { pr: 7, round: 1, dispatchId: "rl-7-1-1-abc123" }),
      );
      let total = 0;
      const scope = nock(API)
        .post(DISPATCHES, (body: { inputs: Record<string, string> }) => {
          total = Object.values(body.inputs).reduce((sum, value) => sum + value.length, 0);
          return true;
        })
        .reply(204);

      await dispatcher.send({ ...request, payload: big });

      expect(big.findings_omitted).toBeGreaterThan(0);
      expect(total).toBeLessThanOrEqual(65_535);
      expect(scope.isDone()).toBe(true);
    });

    it("refuses, without sending, inputs GitHub would refuse as too long", async () => {
      const dispatcher = workflowDispatcher(await jobLikeClient());
      const tooBig = buildDispatchPayload(payloadInput({ findings: manyFindings(400) }), {
        maxChars: 200_000,
      });
      const scope = nock(API).post(DISPATCHES).reply(204);

      const result = await dispatcher.send({ ...request, payload: tooBig });

      expect(result).toMatchObject({ ok: false, status: 413 });
      expect(scope.isDone()).toBe(false);
    });

    it.each([
      [
        422,
        { message: 'Unexpected inputs provided: ["payload"]', documentation_url: "https://docs" },
        'Unexpected inputs provided: ["payload"]',
      ],
      [404, { message: "Not Found", documentation_url: "https://docs" }, "Not Found"],
      [
        422,
        {
          message: "Validation Failed",
          errors: [{ code: "custom", message: "No ref found for: gone" }],
        },
        "Validation Failed: No ref found for: gone",
      ],
    ])("returns a %i as refused with GitHub's message", async (status, body, message) => {
      const dispatcher = workflowDispatcher(await jobLikeClient());
      const scope = nock(API).post(DISPATCHES).reply(status, body);

      const result = await dispatcher.send(request);

      expect(result).toEqual({ ok: false, status, message });
      expect(scope.isDone()).toBe(true);
    });

    it("throws an unknown outcome for a 5xx, once, without resending", async () => {
      const dispatcher = workflowDispatcher(await jobLikeClient());
      const first = nock(API).post(DISPATCHES).reply(502, { message: "Server Error" });
      const resent = nock(API).post(DISPATCHES).reply(204);

      const error = await dispatcher.send(request).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(GitHubApiError);
      expect(isOutcomeUnknown(error)).toBe(true);
      expect(first.isDone()).toBe(true);
      expect(resent.isDone()).toBe(false);
    });

    it("throws an unknown outcome when the connection is lost", async () => {
      const dispatcher = workflowDispatcher(await jobLikeClient());
      const scope = nock(API).post(DISPATCHES).replyWithError("socket hang up");

      const error = await dispatcher.send(request).catch((caught: unknown) => caught);

      expect(isOutcomeUnknown(error)).toBe(true);
      expect(scope.isDone()).toBe(true);
    });

    it("throws a rate limit for the job queue to wait out: not a refusal, not unknown", async () => {
      const dispatcher = workflowDispatcher(await jobLikeClient());
      nock(API)
        .post(DISPATCHES)
        .reply(429, { message: "API rate limit exceeded" }, { "retry-after": "30" });

      const error = await dispatcher.send(request).catch((caught: unknown) => caught);

      expect(error).toMatchObject({ status: 429, retryAfterMs: 30_000 });
      expect(isOutcomeUnknown(error)).toBe(false);
    });
  });

  describe("findRun", () => {
    const since = new Date("2026-11-21T12:00:00.250Z");
    const runs = `${R}/actions/workflows/reviewloop-fix.yml/runs`;
    const query = {
      event: "workflow_dispatch",
      created: ">=2026-11-21T11:55:00Z",
      per_page: "100",
      page: "1",
    };
    const run = (id: number, title: string, name = "reviewloop fix") => ({
      id,
      name,
      display_title: title,
      html_url: `https://github.com/octo/app/actions/runs/${id}`,
    });
    const lookup = { owner: "octo", repo: "app", target, dispatchId: "rl-7-1-1-abc123", since };

    it("finds the run whose display title carries the dispatch id", async () => {
      const dispatcher = workflowDispatcher(await jobLikeClient());
      const scope = nock(API)
        .get(runs)
        .query(query)
        .reply(200, {
          total_count: 2,
          workflow_runs: [
            run(11, "reviewloop fix PR 7 round 1 (rl-7-1-1-other)"),
            run(12, "reviewloop fix PR 7 round 1 (rl-7-1-1-abc123)"),
          ],
        });

      const found = await dispatcher.findRun(lookup);

      expect(found).toEqual({ runId: 12, runUrl: "https://github.com/octo/app/actions/runs/12" });
      expect(scope.isDone()).toBe(true);
    });

    it("accepts the id in the run's name too", async () => {
      const dispatcher = workflowDispatcher(await jobLikeClient());
      nock(API)
        .get(runs)
        .query(query)
        .reply(200, { total_count: 1, workflow_runs: [run(13, "Fix", "fix rl-7-1-1-abc123")] });

      expect(await dispatcher.findRun(lookup)).toMatchObject({ runId: 13 });
    });

    it("answers null when no run carries the id", async () => {
      const dispatcher = workflowDispatcher(await jobLikeClient());
      const scope = nock(API)
        .get(runs)
        .query(query)
        .reply(200, { total_count: 1, workflow_runs: [run(11, "rl-7-1-1-other")] });

      expect(await dispatcher.findRun(lookup)).toBeNull();
      expect(scope.isDone()).toBe(true);
    });

    it("reads the next page when a page is full", async () => {
      const dispatcher = workflowDispatcher(await jobLikeClient());
      const full = Array.from({ length: 100 }, (_, index) => run(100 + index, `other ${index}`));
      const scope = nock(API)
        .get(runs)
        .query(query)
        .reply(200, { total_count: 101, workflow_runs: full })
        .get(runs)
        .query({ ...query, page: "2" })
        .reply(200, { total_count: 101, workflow_runs: [run(7, "x rl-7-1-1-abc123")] });

      expect(await dispatcher.findRun(lookup)).toMatchObject({ runId: 7 });
      expect(scope.isDone()).toBe(true);
    });

    it("retries a read GitHub answered with a 5xx", async () => {
      const dispatcher = workflowDispatcher(await jobLikeClient());
      const scope = nock(API)
        .get(runs)
        .query(query)
        .reply(502)
        .get(runs)
        .query(query)
        .reply(200, { total_count: 1, workflow_runs: [run(12, "rl-7-1-1-abc123")] });

      expect(await dispatcher.findRun(lookup)).toMatchObject({ runId: 12 });
      expect(scope.isDone()).toBe(true);
    });
  });
});
