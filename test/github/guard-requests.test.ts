import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { Probot, ProbotOctokit } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { callGitHub } from "../../src/github/call-github.ts";
import type { InstallationOctokit } from "../../src/github/github-clients.ts";
import { guardRequests } from "../../src/github/guard-requests.ts";
import { isOutcomeUnknown } from "../../src/github/send-once.ts";
import { testPrivateKey } from "../helpers/probot.ts";

const API = "https://api.github.com";

/**
 * An installation client as production builds it — Probot's Octokit with its retry plugin on —
 * only with the retry plugin's waits shortened (1 ms per step instead of 1 s). Throttling is on
 * where a test says so (it paces writes a second apart, which the other tests do not need).
 */
async function productionLikeClient(options: { throttle?: boolean; baseUrl?: string } = {}) {
  if (options.baseUrl === undefined) {
    nock(API)
      .post("/app/installations/7/access_tokens")
      .reply(201, { token: "t", expires_at: "2099-01-01T00:00:00Z" });
  }
  const probot = new Probot({
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
    appId: 123,
    privateKey: testPrivateKey,
    logLevel: "fatal",
    Octokit: ProbotOctokit.defaults((defaults: Record<string, unknown>) => ({
      ...defaults,
      retry: { retryAfterBaseValue: 1 },
      ...(options.throttle ? {} : { throttle: { enabled: false } }),
    })),
  });
  return probot.auth(7);
}

function createReview(octokit: InstallationOctokit) {
  return callGitHub(() =>
    octokit.rest.pulls.createReview({ owner: "o", repo: "r", pull_number: 1, body: "b" }),
  );
}

describe("github/guardRequests", () => {
  beforeEach(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  describe("with the retry plugin on", () => {
    it("sends a POST answered 502 once and reports its outcome as unknown", async () => {
      const octokit = await productionLikeClient();
      guardRequests(octokit, { signal: new AbortController().signal, timeoutMs: 5_000 });
      let sent = 0;
      nock(API)
        .post("/repos/o/r/pulls/1/reviews")
        .times(4)
        .reply(() => {
          sent++;
          return [502, { message: "Bad Gateway" }];
        });

      const error = await createReview(octokit).catch((e: unknown) => e);

      expect(sent).toBe(1);
      expect(isOutcomeUnknown(error)).toBe(true);
    });

    it("would send that POST four times without the guard (the plugin's default)", async () => {
      const octokit = await productionLikeClient();
      let sent = 0;
      nock(API)
        .post("/repos/o/r/pulls/1/reviews")
        .times(4)
        .reply(() => {
          sent++;
          return [502, { message: "Bad Gateway" }];
        });

      await createReview(octokit).catch(() => {});

      expect(sent).toBe(4);
    });

    it("still retries a GET answered 502", async () => {
      const octokit = await productionLikeClient();
      guardRequests(octokit, { signal: new AbortController().signal, timeoutMs: 5_000 });
      const scope = nock(API)
        .get("/repos/o/r/pulls/1")
        .reply(502, { message: "Bad Gateway" })
        .get("/repos/o/r/pulls/1")
        .reply(200, { number: 1 });

      const { data } = await octokit.rest.pulls.get({ owner: "o", repo: "r", pull_number: 1 });

      expect(data).toEqual({ number: 1 });
      expect(scope.isDone()).toBe(true);
    });
  });

  describe("with the throttling plugin on", () => {
    it("sends a POST again after a primary rate limit (GitHub stored nothing)", async () => {
      const octokit = await productionLikeClient({ throttle: true });
      guardRequests(octokit, { signal: new AbortController().signal, timeoutMs: 5_000 });
      const reset = String(Math.floor(Date.now() / 1000));
      const scope = nock(API)
        .post("/repos/o/r/pulls/1/reviews")
        .reply(
          403,
          { message: "API rate limit exceeded" },
          { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset },
        )
        .post("/repos/o/r/pulls/1/reviews")
        .reply(200, { id: 5 });

      const { data } = await createReview(octokit);

      expect(data).toEqual({ id: 5 });
      expect(scope.isDone()).toBe(true);
    });
  });

  // A slow or hanging GitHub is a real socket that is never answered (nock cannot abort a
  // delayed reply cleanly).
  describe("against a server that is slow to answer", () => {
    let server: Server;
    let baseUrl: string;
    let handle: (req: IncomingMessage, res: ServerResponse) => void;
    beforeEach(async () => {
      nock.enableNetConnect("127.0.0.1");
      server = createServer((req, res) => {
        if (req.url?.startsWith("/app/installations/")) {
          res.writeHead(201, { "content-type": "application/json" });
          res.end(JSON.stringify({ token: "t", expires_at: "2099-01-01T00:00:00Z" }));
          return;
        }
        handle(req, res);
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterEach(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });
    const client = () => productionLikeClient({ baseUrl });
    const answer = (res: ServerResponse, body: unknown) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };

    it("gives up on a POST GitHub does not answer in time, as an unknown outcome", async () => {
      const octokit = await client();
      guardRequests(octokit, { signal: new AbortController().signal, timeoutMs: 50 });
      let sent = 0;
      handle = () => {
        sent++;
      };
      const started = performance.now();

      const error = await createReview(octokit).catch((e: unknown) => e);

      expect(performance.now() - started).toBeLessThan(1_500);
      expect(isOutcomeUnknown(error)).toBe(true);
      expect(sent).toBe(1);
    });

    it("times each try of a GET on its own, so a hanging first try is retried", async () => {
      const octokit = await client();
      guardRequests(octokit, { signal: new AbortController().signal, timeoutMs: 100 });
      let sent = 0;
      handle = (_req, res) => {
        if (++sent > 1) answer(res, { number: 1 });
      };

      const { data } = await octokit.rest.pulls.get({ owner: "o", repo: "r", pull_number: 1 });

      expect(data).toEqual({ number: 1 });
      expect(sent).toBe(2);
    });

    it("starts no request once the job is aborted", async () => {
      const octokit = await client();
      const job = new AbortController();
      guardRequests(octokit, { signal: job.signal, timeoutMs: 5_000 });
      let sent = 0;
      handle = (_req, res) => {
        sent++;
        answer(res, { id: 5 });
      };
      job.abort(new Error("lease lost"));

      const error = await createReview(octokit).catch((e: unknown) => e);

      expect(error).toMatchObject({ name: "AbortError" });
      expect(isOutcomeUnknown(error)).toBe(false);
      expect(sent).toBe(0);
    });

    it("aborts a request in flight when the job is aborted, and does not retry it", async () => {
      const octokit = await client();
      const job = new AbortController();
      guardRequests(octokit, { signal: job.signal, timeoutMs: 5_000 });
      let sent = 0;
      handle = () => {
        sent++;
        setTimeout(() => job.abort(new Error("lease lost")), 20);
      };
      const started = performance.now();

      const error = await octokit.rest.pulls
        .get({ owner: "o", repo: "r", pull_number: 1 })
        .catch((e: unknown) => e);

      expect(error).toMatchObject({ name: "AbortError" });
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(sent).toBe(1);
    });
  });
});
