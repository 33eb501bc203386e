import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { InstallationOctokit } from "../../../src/github/github-clients.ts";
import { octokitRunReader } from "../../../src/github/octokit-run-reader.ts";
import type { DispatchPayload, PayloadFinding } from "../../../src/remediation/dispatch-payload.ts";
import type { GitHubSimulator } from "./create-simulator.ts";
import { filesFromDiff } from "./diff-to-files.ts";
import { BASE_SHA } from "./fixtures.ts";
import { type Client, full, owner, repo, startSeededSimulator } from "./test-support.ts";
import {
  FIXER_LOGIN,
  type FixerBehaviour,
  fail,
  fix,
  fixAndClaim,
  installFixer,
  silent,
  succeedWithoutPush,
  type TinyFixer,
} from "./tiny-fixer.ts";
import { signPayload } from "./webhooks/send-webhook.ts";

const SECRET = "app-webhook-secret";
const OLD_HEAD = "d".repeat(40);

interface Delivery {
  event: string;
  action: string;
  payload: Record<string, unknown>;
  signed: boolean;
}

let sim: GitHubSimulator;
let octokit: Client;
let receiver: Server;
let appUrl: string;
let deliveries: Delivery[];
let fixer: TinyFixer | undefined;

beforeAll(async () => {
  ({ sim, octokit } = await startSeededSimulator());
  // The app's webhook endpoint: records each delivery and checks its signature.
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const payload = JSON.parse(body);
      deliveries.push({
        event: String(request.headers["x-github-event"]),
        action: String(payload.action),
        payload,
        signed: request.headers["x-hub-signature-256"] === signPayload(SECRET, body),
      });
      response.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  appUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
  await sim.close();
});
beforeEach(() => {
  deliveries = [];
  sim.seedPullRequest({
    repo: full,
    number: 5,
    author: "alice",
    base: { ref: "main", sha: BASE_SHA },
    head: { ref: "fix-me", sha: OLD_HEAD },
    files: filesFromDiff(
      "--- a/src/app.ts\n+++ b/src/app.ts\n@@ -1,2 +1,4 @@\n export function main() {\n+  // TODO: item 1\n+  // TODO: item 2\n }\n",
    ),
  });
});
afterEach(() => {
  fixer?.uninstall();
  expect(fixer?.errors ?? []).toEqual([]);
  expect(sim.violations.splice(0)).toEqual([]);
});

function finding(id: string, line: number): PayloadFinding {
  return {
    id,
    severity: "warning",
    blocking: true,
    rule: "todo",
    path: "src/app.ts",
    start_line: line,
    end_line: line,
    side: "RIGHT",
    title: "A TODO",
    body: "Do it.",
  };
}

function payload(dispatchId: string): DispatchPayload {
  return {
    version: 1,
    dispatch_id: dispatchId,
    repository: { id: 1, full_name: full },
    pull_request: {
      number: 5,
      head_sha: OLD_HEAD,
      base_sha: BASE_SHA,
      head_ref: "fix-me",
      html_url: "",
    },
    round: { number: 1, limit: 5, attempt: 1, max_attempts: 3 },
    scope: "blocking",
    findings: [finding("F1", 2), finding("F2", 3)],
    findings_omitted: 0,
    failing_checks: [],
    previous_attempts: [],
    dispositions: { how: "", format: "", example: "" },
  };
}

function dispatch(dispatchId: string) {
  return octokit.rest.actions.createWorkflowDispatch({
    owner,
    repo,
    workflow_id: "reviewloop-fix.yml",
    ref: "fix-me",
    inputs: {
      pr: "5",
      round: "1",
      dispatch_id: dispatchId,
      payload: JSON.stringify(payload(dispatchId)),
    },
  });
}

function install(behaviour: FixerBehaviour[]) {
  fixer = installFixer(sim, { appUrl, secret: SECRET, behaviour });
  return fixer;
}

const sequence = () => deliveries.map((d) => `${d.event}.${d.action}`);
const runOf = (id: string) =>
  sim.state.workflowRuns.find((run) => run.displayTitle === `reviewloop fix ${id}`)!;

describe("e2e/github-simulator tiny fixer", () => {
  describe("fix(1)", () => {
    it("removes the first finding's line, pushes as the fixer and completes the run", async () => {
      const fixer = install([fix(1)]);

      await dispatch("d-1");
      const [round] = await fixer.waitForRounds(1);

      const head = round?.pushedSha ?? "";
      expect(sequence()).toEqual([
        "workflow_run.requested",
        "workflow_run.in_progress",
        "pull_request.synchronize",
        "workflow_run.completed",
      ]);
      expect(deliveries.every((d) => d.signed)).toBe(true);
      expect(deliveries[2]?.payload).toMatchObject({
        before: OLD_HEAD,
        after: head,
        sender: { login: FIXER_LOGIN },
        pull_request: { number: 5, head: { sha: head } },
        installation: { id: 77 },
      });
      expect(deliveries[3]?.payload).toMatchObject({
        workflow_run: {
          display_title: "reviewloop fix d-1",
          status: "completed",
          conclusion: "success",
          head_branch: "fix-me",
          head_sha: OLD_HEAD,
        },
      });
      expect(round?.fixed).toEqual(["F1"]);

      const files = await octokit.rest.pulls.listFiles({ owner, repo, pull_number: 5 });
      const push = await octokit.rest.repos.compareCommitsWithBasehead({
        owner,
        repo,
        basehead: `${OLD_HEAD}...${head}`,
      });
      const run = await octokit.rest.actions.getWorkflowRun({
        owner,
        repo,
        run_id: runOf("d-1").id,
      });
      expect(files.data[0]?.patch).toBe(
        "@@ -1,2 +1,3 @@\n export function main() {\n+  // TODO: item 2\n }",
      );
      expect(push.data.files?.[0]?.patch).toBe("@@ -2,1 +1,0 @@\n-  // TODO: item 1");
      expect(push.data.commits.map((c) => c.commit.author?.name)).toEqual([FIXER_LOGIN]);
      expect([run.data.status, run.data.conclusion]).toEqual(["completed", "success"]);
    });
  });

  describe("fixAndClaim", () => {
    it("answers with its claims first, then removes only the findings it fixes and pushes", async () => {
      const claims = [
        { id: "F1", disposition: "fixed" as const, note: "done" },
        { id: "F2", disposition: "fixed" as const },
      ];
      let beforePush: string[] = [];
      const fixer = install([
        fixAndClaim({
          fix: ["F2"],
          claims,
          afterClaim: async () => {
            beforePush = sequence();
          },
        }),
      ]);

      await dispatch("d-claim");
      const [round] = await fixer.waitForRounds(1);

      expect(sequence()).toEqual([
        "workflow_run.requested",
        "workflow_run.in_progress",
        "issue_comment.created",
        "pull_request.synchronize",
        "workflow_run.completed",
      ]);
      expect(beforePush.at(-1), "afterClaim runs after the claim, before the push").toBe(
        "issue_comment.created",
      );
      const comment = sim.state.issueComments.find((c) => c.id === round?.claimCommentId);
      expect(comment?.user).toBe(FIXER_LOGIN);
      const block = /```reviewloop-dispositions\n([\s\S]*?)\n```/.exec(comment?.body ?? "");
      expect(JSON.parse(block?.[1] ?? "null")).toEqual(claims);
      expect(deliveries[2]?.payload).toMatchObject({
        issue: { number: 5, pull_request: {} },
        comment: { id: round?.claimCommentId, user: { login: FIXER_LOGIN } },
        sender: { login: FIXER_LOGIN },
      });
      expect(round?.fixed).toEqual(["F2"]);
      const files = await octokit.rest.pulls.listFiles({ owner, repo, pull_number: 5 });
      expect(files.data[0]?.patch).toBe(
        "@@ -1,2 +1,3 @@\n export function main() {\n+  // TODO: item 1\n }",
      );
    });
  });

  describe("with prNumber", () => {
    it("leaves the dispatches of other pull requests alone", async () => {
      fixer = installFixer(sim, { appUrl, secret: SECRET, behaviour: [fix()], prNumber: 6 });

      await dispatch("d-other");
      await fixer.settled();

      expect(fixer.rounds).toEqual([]);
      expect(deliveries).toEqual([]);
    });
  });

  describe("fail", () => {
    it("fails the run at the step, with the log, and pushes nothing", async () => {
      const fixer = install([fail({ step: "Run agent", log: "npm ERR! boom\nexit 1\n" })]);

      await dispatch("d-2");
      await fixer.waitForRounds(1);

      const diagnostics = await octokitRunReader(octokit as unknown as InstallationOctokit, {
        secrets: [],
      }).readFailedRun({ owner, repo, runId: runOf("d-2").id });
      expect(sequence()).toEqual([
        "workflow_run.requested",
        "workflow_run.in_progress",
        "workflow_run.completed",
      ]);
      expect(deliveries[2]?.payload).toMatchObject({ workflow_run: { conclusion: "failure" } });
      expect(diagnostics.failedJobs).toMatchObject([
        { name: "fix", failedSteps: ["Run agent"], logTail: "npm ERR! boom\nexit 1" },
      ]);
      expect(sim.state.pullRequests.get(`${full}#5`)?.head.sha).toBe(OLD_HEAD);
    });
  });

  describe("silent and succeedWithoutPush", () => {
    it("leave the first run queued without a word, and complete the second without a push", async () => {
      const fixer = install([silent, succeedWithoutPush]);

      await dispatch("d-3");
      await dispatch("d-4");
      await fixer.waitForRounds(2);

      expect(runOf("d-3").status).toBe("queued");
      expect(sequence()).toEqual([
        "workflow_run.requested",
        "workflow_run.in_progress",
        "workflow_run.completed",
      ]);
      expect(deliveries[2]?.payload).toMatchObject({
        workflow_run: { display_title: "reviewloop fix d-4", conclusion: "success" },
      });
      expect(sim.state.pullRequests.get(`${full}#5`)?.head.sha).toBe(OLD_HEAD);
    });
  });

  describe("with a repository dispatch and a behaviour function", () => {
    it("reads the client payload and fixes every finding", async () => {
      sim.state.repos
        .get(full)!
        .files.set(".github/workflows/on-event.yml", "on: repository_dispatch\n");
      const seen: Array<string | undefined> = [];
      const fixer = installFixer(sim, {
        appUrl: () => appUrl,
        secret: SECRET,
        login: "fixer-app[bot]",
        behaviour: (received) => {
          seen.push(received.dispatchId);
          return fix();
        },
      });

      await octokit.rest.repos.createDispatchEvent({
        owner,
        repo,
        event_type: "reviewloop-fix",
        client_payload: { dispatch_id: "d-5", payload: payload("d-5") as never },
      });
      const [round] = await fixer.waitForRounds(1);
      sim.state.repos.get(full)!.files.delete(".github/workflows/on-event.yml");

      expect(seen).toEqual(["d-5"]);
      expect(round?.fixed).toEqual(["F1", "F2"]);
      expect(deliveries.find((d) => d.event === "pull_request")?.payload).toMatchObject({
        sender: { login: "fixer-app[bot]" },
      });
      expect(sim.state.pullRequests.get(`${full}#5`)?.files).toEqual([]);
    });
  });

  describe("when its queue runs out", () => {
    it("stays silent and says so", async () => {
      const fixer = install([]);

      await dispatch("d-6");
      await fixer.settled();

      expect(fixer.errors.splice(0)).toEqual([
        "dispatch 0: no behaviour left in the queue (silent)",
      ]);
      expect(deliveries).toEqual([]);
    });
  });
});
