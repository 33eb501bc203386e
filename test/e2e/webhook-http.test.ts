import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HealthReport } from "../../src/server/health-route.ts";
import type { RunningApp } from "../../src/server/start-app.ts";
import {
  postWebhook,
  signBody,
  startTestApp,
  TEST_WEBHOOK_SECRET,
} from "../helpers/start-test-app.ts";
import { webhookExample } from "../helpers/webhook-examples.ts";

async function count(app: RunningApp, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await app.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${sql}`,
    params,
  );
  return rows[0]!.n;
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("condition not reached in 5 s");
}

describe("e2e/webhook over HTTP", () => {
  let app: RunningApp;

  beforeAll(async () => {
    // The real RunReview handler talks to GitHub (tested with the simulator elsewhere); here a
    // stub shows the worker picks the job up and finishes it.
    app = await startTestApp({ jobHandlers: { RunReview: async () => {} } });
  });
  afterAll(() => app.stop());

  describe("with a correctly signed pull_request.opened", () => {
    it("answers 2xx, records the delivery and enqueues a RunReview job the worker runs", async () => {
      const payload = webhookExample("pull_request", "opened");

      const response = await postWebhook(app, { event: "pull_request", payload });

      expect(response.status).toBeGreaterThanOrEqual(200);
      expect(response.status).toBeLessThan(300);
      expect(await count(app, "deliveries WHERE delivery_id = $1", [response.id])).toBe(1);
      const { rows } = await app.db.query<{ kind: string; payload: { headSha: string } }>(
        "SELECT kind, payload FROM jobs",
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]!.kind).toBe("RunReview");
      const pr = payload.pull_request as { head: { sha: string } };
      expect(rows[0]!.payload.headSha).toBe(pr.head.sha);
      await waitFor(
        () => app.db.query<{ status: string }>("SELECT status FROM jobs"),
        (result) => result.rows[0]?.status === "done",
      );
    });

    it("counts the delivery in /metrics", async () => {
      const response = await fetch(`${app.url}/metrics`);
      const text = await response.text();

      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(text).toContain('reviewloop_webhook_deliveries_total{event="pull_request"} 1');
      expect(text).toContain('reviewloop_jobs_total{kind="RunReview",outcome="done"} 1');
      expect(text).toMatch(/^reviewloop_queue_depth 0$/m);
      expect(text).toMatch(/^reviewloop_dead_jobs 0$/m);
      expect(text).toContain("process_cpu_user_seconds_total");
    });
  });

  describe("with a wrongly signed delivery", () => {
    it("answers 401 and stores nothing", async () => {
      const before = {
        deliveries: await count(app, "deliveries"),
        jobs: await count(app, "jobs"),
        loops: await count(app, "loops"),
      };
      const payload = webhookExample("pull_request", "opened");
      (payload.pull_request as { number: number }).number = 999;

      const response = await postWebhook(app, { event: "pull_request", payload, secret: "nope" });

      expect(response.status).toBe(401);
      expect(response.body).toContain("signature does not match");
      expect(await count(app, "deliveries WHERE delivery_id = $1", [response.id])).toBe(0);
      expect({
        deliveries: await count(app, "deliveries"),
        jobs: await count(app, "jobs"),
        loops: await count(app, "loops"),
      }).toEqual(before);
    });
  });

  describe("at the root path, where Probot's setup flow points the webhook URL", () => {
    it("accepts signed deliveries too", async () => {
      const payload = webhookExample("pull_request", "synchronize");
      const body = JSON.stringify(payload);

      const response = await fetch(`${app.url}/`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": "pull_request",
          "x-github-delivery": "root-path-delivery",
          "x-hub-signature-256": signBody(TEST_WEBHOOK_SECRET, body),
        },
        body,
      });

      expect(response.status).toBe(200);
      expect(await count(app, "deliveries WHERE delivery_id = 'root-path-delivery'")).toBe(1);
    });

    it("answers 401 to an unsigned delivery and stores nothing", async () => {
      const deliveries = await count(app, "deliveries");

      const response = await fetch(`${app.url}/`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": "pull_request",
          "x-github-delivery": "unsigned-delivery",
        },
        body: JSON.stringify(webhookExample("pull_request", "synchronize")),
      });

      expect(response.status).toBe(401);
      expect(await count(app, "deliveries")).toBe(deliveries);
    });
  });

  describe("GET /healthz", () => {
    it("answers 200 while the store and the worker are alive", async () => {
      const response = await fetch(`${app.url}/healthz`);
      const body = (await response.json()) as HealthReport;

      expect(response.status).toBe(200);
      expect(body).toMatchObject({ status: "ok", store: "ok", worker: { status: "ok" } });
      expect(body.worker.heartbeatAgeMs).toBeLessThan(5_000);
    });
  });
});

describe("e2e/healthz with the store closed", () => {
  it("answers 503 naming the store", async () => {
    const app = await startTestApp();
    await app.db.close();

    const response = await fetch(`${app.url}/healthz`);
    const body = await response.json();

    expect(response.status).toBe(503);
    expect(body).toMatchObject({ status: "error", store: "unreachable" });
    await app.server.stop();
    await app.worker.stop({ deadlineMs: 1_000 });
  });
});
