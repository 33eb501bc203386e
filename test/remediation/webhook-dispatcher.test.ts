import { createHmac } from "node:crypto";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isOutcomeUnknown } from "../../src/github/send-once.ts";
import { buildDispatchPayload } from "../../src/remediation/build-dispatch-payload.ts";
import type { DispatchTarget } from "../../src/remediation/dispatcher.ts";
import { webhookDispatcher } from "../../src/remediation/webhook-dispatcher.ts";
import { manyFindings, payloadInput } from "./payload-fixtures.ts";

const ORIGIN = "https://fixer.example.com";
const PATH = "/hooks/reviewloop";
const SECRET = "whsec_do-not-leak-4f1c";
const target: DispatchTarget = { type: "webhook", url: `${ORIGIN}${PATH}`, secret: SECRET };
const payload = buildDispatchPayload(payloadInput(), { maxChars: 65_000 });
const request = { owner: "octo", repo: "app", target, payload };
const NOW = Date.parse("2026-11-21T12:00:00.900Z");

/** Everything an error shows: its message, its stack, its cause, its own fields. */
function everythingIn(error: unknown): string {
  const seen = error as Error & { cause?: unknown };
  return [
    String(seen?.message),
    String(seen?.stack),
    String(seen?.cause),
    JSON.stringify(seen),
  ].join("\n");
}

describe("remediation/webhookDispatcher", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("posts the payload as JSON, signed over the timestamp and the body", async () => {
    const dispatcher = webhookDispatcher({ now: () => NOW });
    let headers = new Headers();
    let raw = "";
    const scope = nock(ORIGIN)
      .post(PATH)
      .reply(async (received: Request) => {
        headers = received.headers;
        raw = await received.text();
        return [202, "queued"];
      });

    const result = await dispatcher.send(request);

    expect(result).toEqual({ ok: true, run: null });
    expect(scope.isDone()).toBe(true);
    expect(raw).toBe(JSON.stringify(payload));
    expect(Object.fromEntries(headers)).toMatchObject({
      "content-type": "application/json",
      "user-agent": "reviewloop",
      "x-reviewloop-event": "fix",
      "x-reviewloop-delivery": "rl-7-1-1-abc123",
      "x-reviewloop-timestamp": "1795262400",
    });
    const expected = createHmac("sha256", SECRET).update(`1795262400.${raw}`).digest("hex");
    expect(headers.get("x-reviewloop-signature")).toBe(`sha256=${expected}`);
  });

  it("resends with the same delivery id, the receiver's dedupe key", async () => {
    const dispatcher = webhookDispatcher();
    const deliveries: unknown[] = [];
    nock(ORIGIN)
      .post(PATH)
      .times(2)
      .reply((received: Request) => {
        deliveries.push(received.headers.get("x-reviewloop-delivery"));
        return [200];
      });

    await dispatcher.send(request);
    await dispatcher.send(request);

    expect(deliveries).toEqual(["rl-7-1-1-abc123", "rl-7-1-1-abc123"]);
  });

  it.each([
    [
      400,
      "bad payload: missing findings",
      "The webhook at https://fixer.example.com answered 400: bad payload: missing findings",
    ],
    [
      401,
      `signature mismatch for secret ${SECRET}`,
      "The webhook at https://fixer.example.com answered 401: signature mismatch for secret [secret]",
    ],
    [302, "", "The webhook at https://fixer.example.com answered 302"],
  ])(
    "returns a %i as refused, with a short excerpt and never the secret",
    async (status, body, message) => {
      const dispatcher = webhookDispatcher();
      const scope = nock(ORIGIN)
        .post(PATH)
        .reply(status, body, status === 302 ? { location: "https://elsewhere.example.com/" } : {});

      const result = await dispatcher.send(request);

      expect(result).toEqual({ ok: false, status, message });
      expect(scope.isDone()).toBe(true);
    },
  );

  it("cuts a long refusal body to a one-line excerpt", async () => {
    const dispatcher = webhookDispatcher();
    nock(ORIGIN)
      .post(PATH)
      .reply(422, `error\n${"e".repeat(5_000)}`);

    const result = await dispatcher.send(request);

    expect(result.ok).toBe(false);
    expect(result.ok === false && result.message.length).toBeLessThan(300);
  });

  it("throws an unknown outcome for a 5xx, without the secret", async () => {
    const dispatcher = webhookDispatcher();
    const scope = nock(ORIGIN).post(PATH).reply(503, `down; secret=${SECRET}`);

    const error = await dispatcher.send(request).catch((caught: unknown) => caught);

    expect(isOutcomeUnknown(error)).toBe(true);
    expect(error).toMatchObject({ name: "WebhookDispatchError", status: 503 });
    expect(everythingIn(error)).not.toContain(SECRET);
    expect(scope.isDone()).toBe(true);
  });

  it("throws an unknown outcome when the connection fails, naming the origin only", async () => {
    const dispatcher = webhookDispatcher();
    const tokenUrl: DispatchTarget = { ...target, url: `${ORIGIN}${PATH}?token=t0k3n` };
    nock(ORIGIN).post(PATH).query(true).replyWithError(`ECONNRESET while sending ${SECRET}`);

    const error = await dispatcher
      .send({ ...request, target: tokenUrl })
      .catch((caught: unknown) => caught);

    expect(isOutcomeUnknown(error)).toBe(true);
    expect(everythingIn(error)).not.toContain(SECRET);
    expect(everythingIn(error)).not.toContain("t0k3n");
  });

  it("throws an unknown outcome, not an AbortError, when the receiver does not answer in time", async () => {
    const dispatcher = webhookDispatcher({
      timeoutMs: 1,
      fetch: (_url, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
        }),
    });

    const error = await dispatcher.send(request).catch((caught: unknown) => caught);

    expect(error).toMatchObject({
      name: "WebhookDispatchError",
      message: "The webhook at https://fixer.example.com did not answer within 1 ms",
    });
    expect(isOutcomeUnknown(error)).toBe(true);
  });

  it("rethrows the caller's own abort as it is", async () => {
    const controller = new AbortController();
    const dispatcher = webhookDispatcher({
      fetch: (_url, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
          controller.abort(new DOMException("lease lost", "AbortError"));
        }),
    });

    const error = await dispatcher
      .send({ ...request, signal: controller.signal })
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ name: "AbortError", message: "lease lost" });
    expect(isOutcomeUnknown(error)).toBe(false);
  });

  it("refuses, without sending, a body over 1 MiB", async () => {
    const dispatcher = webhookDispatcher();
    const huge = buildDispatchPayload(payloadInput({ findings: manyFindings(300, 4_000) }), {
      maxChars: 2_000_000,
    });
    const scope = nock(ORIGIN).post(PATH).reply(200);

    const result = await dispatcher.send({ ...request, payload: huge });

    expect(result).toMatchObject({ ok: false, status: 413 });
    expect(scope.isDone()).toBe(false);
  });

  it("never finds a run: a webhook names none", async () => {
    const dispatcher = webhookDispatcher();

    const found = await dispatcher.findRun({
      owner: "octo",
      repo: "app",
      target,
      dispatchId: "rl-7-1-1-abc123",
      since: new Date(),
    });

    expect(found).toBeNull();
  });
});
