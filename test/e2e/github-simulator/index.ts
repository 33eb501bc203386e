/**
 * A stateful GitHub on loopback for end-to-end tests. See docs/testing.md.
 *
 * ```ts
 * const sim = await createGitHubSimulator();
 * sim.seedRepo({ owner: "acme", name: "app", installationId: 42 });
 * sim.seedPullRequest({ repo: "acme/app", number: 1, base, head, files: filesFromDiff(diff) });
 * // start the app with GHE_HOST=sim.gheHost, GHE_PROTOCOL=http, then:
 * await sendWebhook(app.url, { name: "pull_request", payload: pullRequestPayload(sim, …), secret });
 * expect(sim.violations).toEqual([]);
 * ```
 */
export {
  createGitHubSimulator,
  type GitHubSimulator,
  type SimulatorOptions,
} from "./create-simulator.ts";
export { filesFromDiff } from "./diff-to-files.ts";
export { CLIENT_GONE, type Fault, type HeldRequest, type HoldMatch } from "./fault-injection.ts";
export { type LineRemoval, type RemovalResult, removeRightLines } from "./remove-lines.ts";
export { ANCHOR_ERRORS } from "./review-anchors.ts";
export { MAX_DIFF_FILES, MAX_LISTED_FILES } from "./routes/pulls.ts";
export { BODY_TOO_LONG, MAX_BODY } from "./routes/reviews.ts";
export type { PushOptions, SeedPullRequestOptions, SeedRepoOptions } from "./seed.ts";
export type { AddCheckRunOptions } from "./seed-check-runs.ts";
export type { SeedJobOptions, SeedRunOptions, SeedStepOptions } from "./seed-runs.ts";
export type { RecordedRequest } from "./server.ts";
export type { SimState } from "./state.ts";
export {
  FIXER_LOGIN,
  type FixerBehaviour,
  type FixerDelivery,
  type FixerOptions,
  type FixerRound,
  fail,
  fix,
  installFixer,
  type ReceivedDispatch,
  silent,
  succeedWithoutPush,
  type TinyFixer,
} from "./tiny-fixer.ts";
export type * from "./types.ts";
export {
  checkRunRerequestedPayload,
  issueCommentPayload,
  type PullRequestEventOptions,
  pullRequestPayload,
  reviewCommentPayload,
  workflowRunCompletedPayload,
} from "./webhooks/build-payloads.ts";
export { checkRunPayload, checkSuitePayload } from "./webhooks/check-payloads.ts";
export { type CheckEventsSent, deliverCheckCompleted } from "./webhooks/send-check-events.ts";
export { sendWebhook, signPayload, type WebhookDelivery } from "./webhooks/send-webhook.ts";
export {
  type WorkflowRunEventOptions,
  workflowRunPayload,
} from "./webhooks/workflow-run-payload.ts";
