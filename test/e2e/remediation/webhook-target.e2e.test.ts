import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DispatchPayload } from "../../../src/remediation/dispatch-payload.ts";
import { TEST_WEBHOOK_SECRET } from "../../helpers/start-test-app.ts";
import { testBackends } from "../../helpers/test-db.ts";
import { issueCommentPayload, pullRequestPayload, sendWebhook } from "../github-simulator/index.ts";
import { removeRightLines } from "../github-simulator/remove-lines.ts";
import { pushCommits } from "../github-simulator/seed.ts";
import { prKey } from "../github-simulator/state.ts";
import { FIXER_LOGIN } from "../github-simulator/tiny-fixer.ts";
import {
  askStatus,
  deliverPullRequest,
  REPO,
  type Scenario,
  seedPullRequest,
  sha,
  stateOf,
} from "../harness/scenario.ts";
import { remediationConfig, startRemediationScenario } from "./remediation-kit.ts";

const FIXER_SECRET = "fixer-webhook-secret-for-tests";

interface Received {
  delivery: string;
  payload: DispatchPayload;
  verified: boolean;
}

/**
 * The operator's agent runner: checks each request's signature on its own (HMAC-SHA256 of
 * `<timestamp>.<body>`, as docs/dispatch-payload.md says), answers 502 to the first request it
 * is told to (after acting on it, as a runner whose answer got lost), dedupes by
 * `X-Reviewloop-Delivery`, and fixes by pushing as the fixer.
 */
async function startRunner(onFix: (payload: DispatchPayload) => Promise<void>) {
  const received: Received[] = [];
  const seen = new Set<string>();
  let loseNextAnswer = false;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const timestamp = String(req.headers["x-reviewloop-timestamp"] ?? "");
      const signature = String(req.headers["x-reviewloop-signature"] ?? "");
      const expected = `sha256=${createHmac("sha256", FIXER_SECRET).update(`${timestamp}.${body}`).digest("hex")}`;
      const verified =
        signature.length === expected.length &&
        timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
      const delivery = String(req.headers["x-reviewloop-delivery"] ?? "");
      const payload = JSON.parse(body) as DispatchPayload;
      received.push({ delivery, payload, verified });
      if (!verified) {
        res.writeHead(401).end();
        return;
      }
      if (!seen.has(delivery)) {
        seen.add(delivery);
        // Act in the background, as a runner does: the answer does not wait for the agent.
        setTimeout(() => void onFix(payload), 50);
      }
      if (loseNextAnswer) {
        loseNextAnswer = false;
        res.writeHead(502).end("bad gateway");
        return;
      }
      res.writeHead(202, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/fix`,
    received,
    loseNextAnswer() {
      loseNextAnswer = true;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(testBackends())("e2e/remediation with the webhook target (%s)", (backend) => {
  let s: Scenario;
  let runner: Awaited<ReturnType<typeof startRunner>>;
  const fixes: string[] = [];

  /** The runner's agent: removes every finding's lines and pushes as the fixer (PR 32: answers only). */
  async function fixAll(payload: DispatchPayload) {
    const number = payload.pull_request.number;
    if (number === 32) return answerOnly(payload);
    const pr = s.sim.state.pullRequests.get(prKey(REPO, number));
    if (!pr) return;
    const result = removeRightLines(
      pr.files,
      payload.findings.map((f) => ({ path: f.path, start: f.start_line, end: f.end_line })),
    );
    const head = createHash("sha1").update(`${pr.head.sha}:${payload.dispatch_id}`).digest("hex");
    pushCommits(s.sim.state, REPO, number, {
      newHeadSha: head,
      files: result.files,
      changedFiles: result.changed,
      author: FIXER_LOGIN,
    });
    fixes.push(payload.dispatch_id);
    await sendWebhook(s.app.url, {
      name: "pull_request",
      payload: pullRequestPayload(s.sim, {
        repo: REPO,
        number,
        action: "synchronize",
        sender: FIXER_LOGIN,
      }),
      secret: TEST_WEBHOOK_SECRET,
    });
  }

  /** Disagrees with every finding in a dispositions comment, and pushes nothing. */
  async function answerOnly(payload: DispatchPayload) {
    if (payload.round.number > 1) return;
    const rows = payload.findings.map((f) => ({ id: f.id, disposition: "disagree", note: "fine" }));
    const body = `Nothing to change.\n\n\`\`\`reviewloop-dispositions\n${JSON.stringify(rows)}\n\`\`\``;
    const number = payload.pull_request.number;
    const comment = s.sim.seedIssueComment(REPO, number, { user: FIXER_LOGIN, body });
    await sendWebhook(s.app.url, {
      name: "issue_comment",
      payload: issueCommentPayload(s.sim, { repo: REPO, number, comment }),
      secret: TEST_WEBHOOK_SECRET,
    });
  }

  beforeAll(async () => {
    runner = await startRunner((payload) => fixAll(payload));
    const config = remediationConfig().replace(
      "  fixer:",
      "  target:\n    type: webhook\n  fixer:",
    );
    s = await startRemediationScenario(backend, config, {
      REVIEWLOOP_FIXER_WEBHOOK_URL: runner.url,
      REVIEWLOOP_FIXER_WEBHOOK_SECRET: FIXER_SECRET,
    });
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    await runner?.close();
  });

  it("signs the payload, resends a lost answer with the same delivery id, and the round fixes once", async () => {
    const head = sha(`${backend}-webhook-1`);
    seedPullRequest(s.sim, 31, { head, findings: 2 });
    runner.loseNextAnswer();
    await deliverPullRequest(s, s.app, 31, "opened");

    await s.app.waitForLog(
      (line) =>
        line.msg === "Review pass finished" && line.pr === 31 && line.sha !== head.slice(0, 7),
      { what: "the review of the runner's push", timeoutMs: 60_000 },
    );
    const status = await askStatus(s, s.app, 31);
    expect(stateOf(status)).toBe("passed: nothing blocking");

    // Every request was signed; the lost answer was resent with the same delivery id.
    expect(runner.received.length).toBe(2);
    expect(runner.received.every((r) => r.verified)).toBe(true);
    const [first, second] = runner.received;
    expect(second?.delivery).toBe(first?.delivery);
    expect(first?.delivery).toBe(first?.payload.dispatch_id);
    expect(first?.payload.findings).toHaveLength(2);
    expect(first?.payload.round).toMatchObject({ number: 1 });
    // The runner deduped: one fix, one push, one round.
    expect(fixes).toEqual([first?.payload.dispatch_id]);
    // The secret never appears in what the app posted.
    const posted = s.sim.state.issueComments.map((c) => c.body).join("\n");
    expect(posted).not.toContain(FIXER_SECRET);
  }, 120_000);

  it("a dispositions comment without a push ends the round as one without a change", async () => {
    const head = sha(`${backend}-webhook-2`);
    seedPullRequest(s.sim, 32, { head, findings: 1 });
    await deliverPullRequest(s, s.app, 32, "opened");

    // Round 1 answered by a comment only; after the short wait for a push, round 2 is sent.
    const deadline = Date.now() + 60_000;
    const forPr = () => runner.received.filter((r) => r.payload.pull_request.number === 32);
    while (forPr().length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(forPr().map((r) => r.payload.round.number)).toEqual([1, 2]);
    const status = await askStatus(s, s.app, 32);
    expect(status).toContain("Round: 2/5");
    expect(status).toContain("Rounds without progress: 1/2");
  }, 120_000);
});
