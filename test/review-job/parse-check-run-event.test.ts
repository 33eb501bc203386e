import { describe, expect, it } from "vitest";
import { parseCheckRunEvent } from "../../src/handlers/parse-check-run-event.ts";
import { webhookExample } from "../helpers/webhook-examples.ts";

function rerequested(checkRun: Record<string, unknown>) {
  const payload = webhookExample("check_run", "rerequested");
  payload.check_run = { ...(payload.check_run as object), ...checkRun };
  return payload;
}

const ours = {
  name: "reviewloop",
  head_sha: "h1",
  external_id: "reviewloop:1#7@h1",
  pull_requests: [{ number: 7, head: { sha: "h1" }, base: { sha: "b1" } }],
};

describe("handlers/parseCheckRunEvent", () => {
  it("turns a re-run of our check run into a ReviewRequested for its pull request", () => {
    const parsed = parseCheckRunEvent("delivery-1", rerequested(ours));

    expect(parsed).toMatchObject({
      ok: true,
      envelope: {
        prNumber: 7,
        event: { type: "ReviewRequested", headSha: "h1", baseSha: "b1", requestId: "delivery-1" },
      },
    });
  });

  it.each([
    ["another check's name", { ...ours, name: "ci" }],
    ["a check run of another app", { ...ours, external_id: "other" }],
    ["a check run on no pull request whose id names none", { ...ours, pull_requests: [] }],
  ])("ignores %s", (_name, checkRun) => {
    expect(parseCheckRunEvent("d", rerequested(checkRun)).ok).toBe(false);
  });

  describe("on a head in a fork (GitHub lists no pull request)", () => {
    const head = "f0".repeat(20);
    /** A re-run as GitHub sends it for a fork's head: `pull_requests` is empty. */
    function forkRerun(externalId: string, repoId = 42) {
      const payload = rerequested({
        name: "reviewloop",
        head_sha: head,
        external_id: externalId,
        pull_requests: [],
      });
      payload.repository = { ...(payload.repository as object), id: repoId };
      return payload;
    }

    it("finds the pull request in the check run's external_id", () => {
      const parsed = parseCheckRunEvent("d", forkRerun(`reviewloop:42#9@${head}/77.0`));

      expect(parsed).toMatchObject({
        ok: true,
        envelope: {
          repoId: 42,
          prNumber: 9,
          event: { type: "ReviewRequested", headSha: head, reason: "rerequested" },
        },
      });
    });

    it("reads the format written before job ids were added", () => {
      const parsed = parseCheckRunEvent("d", forkRerun(`reviewloop:42#9@${head}`));

      expect(parsed).toMatchObject({ ok: true, envelope: { prNumber: 9 } });
    });

    it.each([
      ["an id of another repository", `reviewloop:43#9@${head}/77.0`],
      ["an id of another head", `reviewloop:42#9@${"ab".repeat(20)}/77.0`],
      ["a malformed id", `reviewloop:42#nine@${head}`],
      ["an id with trailing text", `reviewloop:42#9@${head}/77.0 x`],
      ["an id with a number too large", `reviewloop:42#99999999999999999999@${head}`],
    ])("ignores %s", (_name, externalId) => {
      expect(parseCheckRunEvent("d", forkRerun(externalId)).ok).toBe(false);
    });
  });
});
