import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { TEST_WEBHOOK_SECRET } from "../../helpers/start-test-app.ts";
import {
  type GitHubSimulator,
  issueCommentPayload,
  type SimDispatch,
  sendWebhook,
} from "../github-simulator/index.ts";
import { FIXER_LOGIN } from "../github-simulator/tiny-fixer.ts";
import type { AppProcess } from "../harness/app-process.ts";
import { REPO } from "../harness/scenario.ts";

const BOT = "reviewloop[bot]";

/** The path of the example workflow's dispatch endpoint (the POST the fixer costs money for). */
export const WORKFLOW_DISPATCH = /^\/repos\/acme\/app\/actions\/workflows\/[^/]+\/dispatches$/;
/** The path of the listing the app reads to find a dispatch's run by its dispatch id. */
export const WORKFLOW_RUNS = /^\/repos\/acme\/app\/actions\/workflows\/[^/]+\/runs$/;

/**
 * `.github/reviewloop.yml` for these scenarios: every builtin finding blocking, the tiny fixer's
 * login as the fixer's, no `fix` cooldown (a test asks twice), and a dispatch timeout long
 * enough (60 "minutes" = 36 s at the e2e time scale) that a round a test holds open stays in
 * flight, unless `timeoutMinutes` says otherwise.
 */
export function loopConfig(
  options: { enabled?: boolean; maxAttempts?: number; timeoutMinutes?: number } = {},
): string {
  return `${[
    "review:",
    "  blocking_severity: info",
    "engines:",
    "  builtin:",
    "    rules:",
    "      missing-tests: false",
    "commands:",
    "  cooldown_seconds: 0",
    "remediation:",
    `  enabled: ${options.enabled ?? true}`,
    "  max_rounds: 5",
    "  no_progress_rounds: 2",
    `  max_attempts: ${options.maxAttempts ?? 3}`,
    `  dispatch_timeout_minutes: ${options.timeoutMinutes ?? 60}`,
    "  fixer:",
    `    logins: ["${FIXER_LOGIN}"]`,
  ].join("\n")}\n`;
}

/** The dispatches GitHub stored for PR `number` (its `pr` input), in order. */
export function dispatchesFor(sim: GitHubSimulator, number: number): SimDispatch[] {
  return sim.state.dispatches.filter(
    (d) => d.repo.toLowerCase() === REPO && Number(d.inputs?.pr) === number,
  );
}

/**
 * Comments `body` on PR `number` as alice, waits until `app` ran its commands, and returns the
 * app's reply posted after it (null when it answered with a reaction only).
 */
export async function comment(
  sim: GitHubSimulator,
  app: AppProcess,
  number: number,
  body: string,
): Promise<string | null> {
  const posted = sim.seedIssueComment(REPO, number, { user: "alice", body });
  const from = app.logs.length;
  await sendWebhook(app.url, {
    name: "issue_comment",
    payload: issueCommentPayload(sim, { repo: REPO, number, comment: posted }),
    secret: TEST_WEBHOOK_SECRET,
  });
  await app.waitForLog(
    (line) =>
      (line.msg === "Ran comment commands" && line.commentId === posted.id) ||
      (line.kind === "RunCommands" && line.msg.startsWith("job is dead")),
    { from, what: `the commands of comment ${posted.id} to run` },
  );
  const reply = sim.state.issueComments.findLast(
    (c) => c.issueNumber === number && c.user === BOT && c.id > posted.id,
  );
  return reply?.body ?? null;
}

/** A promise a test resolves later: a fixer that waits for the test's go. */
export function gate(): { wait: Promise<void>; open: () => void } {
  const { promise, resolve } = Promise.withResolvers<void>();
  return { wait: promise, open: () => resolve() };
}

/**
 * GitHub redelivering every delivery: a proxy in front of `target()` that forwards each request
 * to it twice, one after the other, with the same headers (the same `X-GitHub-Delivery` id) and
 * body, and answers with the first answer.
 */
export async function startRedeliveringProxy(
  target: () => string,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      const body = Buffer.concat(chunks);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === "string" && name !== "host" && name !== "content-length") {
          headers[name] = value;
        }
      }
      const forward = () =>
        fetch(`${target()}${request.url ?? "/"}`, {
          method: request.method ?? "POST",
          headers,
          body,
        });
      try {
        const first = await forward();
        const text = await first.text();
        await (await forward()).text();
        response.writeHead(first.status, { "content-type": "application/json" }).end(text);
      } catch (error) {
        response.writeHead(502).end((error as Error).message);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
