import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { sendDispatch } from "../../src/dispatch-job/send-dispatch.ts";
import type { DispatchPayload } from "../../src/remediation/dispatch-payload.ts";
import type { Dispatcher, DispatchRequest } from "../../src/remediation/dispatcher.ts";

const log = pino({ level: "silent" });
const SINCE = new Date("2026-12-03T08:00:00Z");

/** A target whose runs are known by dispatch id; it records what was sent and looked for. */
function target(runs: Record<string, number>) {
  const sent: string[] = [];
  const looked: string[] = [];
  const dispatcher: Dispatcher = {
    async send(request) {
      sent.push(request.payload.dispatch_id);
      return { ok: true, run: { runId: 900, runUrl: "https://run/900" } };
    },
    async findRun(request) {
      looked.push(request.dispatchId);
      const runId = runs[request.dispatchId];
      return runId === undefined ? null : { runId, runUrl: `https://run/${runId}` };
    },
  };
  return { dispatcher, sent, looked };
}

const request = (dispatchId: string): DispatchRequest => ({
  owner: "acme",
  repo: "app",
  target: { type: "workflow_dispatch", workflow: "fix.yml", ref: "feature" },
  payload: { dispatch_id: dispatchId } as DispatchPayload,
});

describe("dispatch-job/sendDispatch", () => {
  it("adopts the run of an earlier attempt whose outcome stayed unknown, sending nothing", async () => {
    const t = target({ "rl-1": 41 });

    const outcome = await sendDispatch(t.dispatcher, request("rl-3"), {
      since: SINCE,
      lookFirst: false,
      earlier: [
        { dispatchId: "rl-2", since: SINCE },
        { dispatchId: "rl-1", since: SINCE },
      ],
      log,
    });

    expect(outcome).toEqual({
      accepted: true,
      run: { runId: 41, runUrl: "https://run/41" },
      adoptedFrom: "rl-1",
    });
    expect(t.sent).toEqual([]);
    expect(t.looked).toEqual(["rl-2", "rl-1"]);
  });

  it("sends once when no earlier attempt started a run", async () => {
    const t = target({});

    const outcome = await sendDispatch(t.dispatcher, request("rl-3"), {
      since: SINCE,
      lookFirst: false,
      earlier: [{ dispatchId: "rl-1", since: SINCE }],
      log,
    });

    expect(outcome).toEqual({ accepted: true, run: { runId: 900, runUrl: "https://run/900" } });
    expect(t.sent).toEqual(["rl-3"]);
  });

  it("adopts its own run when an earlier run of the job had sent it", async () => {
    const t = target({ "rl-3": 77 });

    const outcome = await sendDispatch(t.dispatcher, request("rl-3"), {
      since: SINCE,
      lookFirst: true,
      log,
    });

    expect(outcome).toEqual({ accepted: true, run: { runId: 77, runUrl: "https://run/77" } });
    expect(t.sent).toEqual([]);
  });
});
