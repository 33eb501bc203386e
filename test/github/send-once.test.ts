import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { GitHubApiError } from "../../src/github/github-api-error.ts";
import { isOutcomeUnknown, sendOnce } from "../../src/github/send-once.ts";

const log = pino({ level: "silent" });
const error = (status: number) =>
  new GitHubApiError({ status, method: "POST", url: "/x", message: "no" });

/** A fake GitHub that stores what is sent and can fail before or after storing. */
function fakeGitHub(script: ("ok" | "502-after" | "502-before" | "422")[]) {
  const stored: number[] = [];
  let sends = 0;
  return {
    stored,
    sends: () => sends,
    async send(): Promise<number> {
      const step = script[sends++] ?? "ok";
      if (step === "502-before") throw error(502);
      if (step === "422") throw error(422);
      stored.push(sends);
      if (step === "502-after") throw error(502);
      return sends;
    },
    async find(): Promise<number | null> {
      return stored.at(-1) ?? null;
    },
  };
}

describe("github/sendOnce", () => {
  it("adopts what GitHub stored before a 502 instead of sending it again", async () => {
    const github = fakeGitHub(["502-after"]);

    const result = await sendOnce({ what: "review", ...github, log, pauseMs: 0 });

    expect(github.stored).toEqual([1]);
    expect(result).toBe(1);
    expect(github.sends()).toBe(1);
  });

  it("sends again when GitHub did not store it", async () => {
    const github = fakeGitHub(["502-before", "ok"]);

    const result = await sendOnce({ what: "review", ...github, log, pauseMs: 0 });

    expect(github.stored).toEqual([2]);
    expect(result).toBe(2);
  });

  it("gives up with the last error after the allowed sends, having stored nothing twice", async () => {
    const github = fakeGitHub(["502-before", "502-before", "502-before", "ok"]);

    await expect(
      sendOnce({ what: "review", ...github, log, pauseMs: 0, attempts: 3 }),
    ).rejects.toThrow(/502/);
    expect(github.sends()).toBe(3);
    expect(github.stored).toEqual([]);
  });

  it("does not look or resend after a refusal (4xx)", async () => {
    const github = fakeGitHub(["422"]);

    await expect(sendOnce({ what: "review", ...github, log, pauseMs: 0 })).rejects.toThrow(/422/);
    expect(github.sends()).toBe(1);
  });

  it("stops before sending again once the job is aborted", async () => {
    const github = fakeGitHub(["502-before", "ok"]);
    const controller = new AbortController();
    const find = async () => {
      controller.abort(new Error("lease lost"));
      return null;
    };

    await expect(
      sendOnce({
        what: "review",
        send: github.send,
        find,
        log,
        pauseMs: 0,
        signal: controller.signal,
      }),
    ).rejects.toThrow(/lease lost/);
    expect(github.sends()).toBe(1);
  });

  it("treats 5xx, 408 and network errors as unknown outcomes, and 4xx as refusals", () => {
    expect([502, 500, 504, 408, 422, 404, 403].map((s) => isOutcomeUnknown(error(s)))).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(isOutcomeUnknown(new TypeError("fetch failed"))).toBe(true);
  });
});
