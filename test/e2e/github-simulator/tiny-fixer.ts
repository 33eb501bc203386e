import { createHash } from "node:crypto";
import type { DispatchPayload } from "../../../src/remediation/dispatch-payload.ts";
import type { GitHubSimulator } from "./create-simulator.ts";
import { type LineRemoval, removeRightLines } from "./remove-lines.ts";
import { pushCommits } from "./seed.ts";
import { type SeedJobOptions, setRunJobs, setRunStatus } from "./seed-runs.ts";
import { prKey } from "./state.ts";
import type { SimDispatch, SimWorkflowRun } from "./types.ts";
import { issueCommentPayload, pullRequestPayload } from "./webhooks/build-payloads.ts";
import { sendWebhook } from "./webhooks/send-webhook.ts";
import { workflowRunPayload } from "./webhooks/workflow-run-payload.ts";

/** One row of the fixer's dispositions comment (the `reviewloop-dispositions` wire format). */
export interface FixerClaim {
  id: string;
  disposition: "fixed" | "disagree" | "deferred";
  note?: string;
}

/** What the fixer does with one dispatch. */
export type FixerBehaviour =
  /**
   * Deletes the lines (RIGHT side) of the first `count` findings (all by default), or of the
   * findings named by `ids`, and pushes. With `claims`, first posts them as a dispositions
   * comment (by the fixer's login, delivered as `issue_comment`), then pushes.
   */
  | {
      kind: "fix";
      count?: number;
      ids?: string[];
      claims?: FixerClaim[];
      /** Awaited between the claims comment and the push (the test waits for the app). */
      afterClaim?: () => Promise<unknown>;
    }
  /** The run fails at `step` of `job` (default `fix`), whose log is `log`; nothing is pushed. */
  | { kind: "fail"; step: string; log: string; job?: string; conclusion?: string }
  /** The dispatch is accepted and its run (if any) stays queued: no event, no push. */
  | { kind: "silent" }
  /** The run succeeds without pushing anything. */
  | { kind: "succeedWithoutPush" };

export const fix = (count?: number): FixerBehaviour =>
  count === undefined ? { kind: "fix" } : { kind: "fix", count };
/**
 * Removes the lines of the findings `fix` names (none: an empty list pushes nothing) and, before
 * pushing, answers with `claims` in a `reviewloop-dispositions` comment — which may lie.
 */
export const fixAndClaim = (options: {
  fix: string[];
  claims: FixerClaim[];
  afterClaim?: () => Promise<unknown>;
}): FixerBehaviour => ({
  kind: "fix",
  ids: options.fix,
  claims: options.claims,
  ...(options.afterClaim ? { afterClaim: options.afterClaim } : {}),
});
export const fail = (options: {
  step: string;
  log: string;
  job?: string;
  /** Default `failure` (`timed_out`, `cancelled`, …). */
  conclusion?: string;
}): FixerBehaviour => ({ kind: "fail", ...options });
export const silent: FixerBehaviour = { kind: "silent" };
export const succeedWithoutPush: FixerBehaviour = { kind: "succeedWithoutPush" };

/** A dispatch as the fixer understood it. */
export interface ReceivedDispatch {
  /** 0 for the first dispatch this fixer received. */
  index: number;
  dispatch: SimDispatch;
  /** The parsed `payload` input (workflow) or `client_payload.payload` (repository dispatch). */
  payload?: DispatchPayload;
  dispatchId?: string;
  prNumber?: number;
  /** The run the dispatch started (none for a repository dispatch nothing listens to). */
  run?: SimWorkflowRun;
}

export interface FixerDelivery {
  event: string;
  action: string;
  /** The app's answer; absent when the request failed (`error`). */
  status?: number;
  error?: string;
}

/** One dispatch handled: what the fixer did. */
export interface FixerRound {
  received: ReceivedDispatch;
  behaviour: FixerBehaviour;
  /** The head the fixer pushed (`fix` with something removed). */
  pushedSha?: string;
  /** Ids of the findings whose lines were all removed. */
  fixed: string[];
  /** Head lines that could not be removed (not in the diff, LEFT side). */
  missed: Array<{ path: string; line: number }>;
  /** The dispositions comment the fixer posted (with `claims`). */
  claimCommentId?: number;
  deliveries: FixerDelivery[];
}

export interface FixerOptions {
  /** The app's base URL; a function when the app may restart on another port. */
  appUrl: string | (() => string);
  /** The app's webhook secret. */
  secret: string;
  /**
   * A queue (the n-th dispatch gets the n-th behaviour; once it is empty a dispatch is
   * treated as `silent` and said in `errors`) or a function of the dispatch, which may wait.
   */
  behaviour:
    | FixerBehaviour[]
    | ((dispatch: ReceivedDispatch) => FixerBehaviour | Promise<FixerBehaviour>);
  /** The login that pushes (the `sender` of `synchronize`); default `reviewloop-fixer[bot]`. */
  login?: string;
  /** Default Probot's `/api/github/webhooks`. */
  webhookPath?: string;
  /**
   * Only dispatches for this pull request are played (and counted); others are left alone, so
   * a later test's fixer never takes the retry of an earlier test's round.
   */
  prNumber?: number;
}

export interface TinyFixer {
  login: string;
  /** Every round finished so far, in dispatch order. */
  rounds: FixerRound[];
  /** Every problem met: an unreadable payload, no PR, no run, a delivery not answered 2xx. */
  errors: string[];
  /** Resolves once every dispatch received so far has been handled. */
  settled(): Promise<void>;
  /** Resolves with the rounds once `count` rounds have finished. */
  waitForRounds(count: number): Promise<FixerRound[]>;
  /** Stops reacting to new dispatches. */
  uninstall(): void;
}

export const FIXER_LOGIN = "reviewloop-fixer[bot]";

function parsePayload(dispatch: SimDispatch): DispatchPayload | undefined {
  const raw =
    dispatch.kind === "workflow_dispatch"
      ? dispatch.inputs?.payload
      : (dispatch.clientPayload?.payload ??
        (dispatch.clientPayload?.findings ? dispatch.clientPayload : undefined));
  if (raw === undefined) return undefined;
  return (typeof raw === "string" ? JSON.parse(raw) : raw) as DispatchPayload;
}

function understand(sim: GitHubSimulator, index: number, dispatch: SimDispatch): ReceivedDispatch {
  const payload = parsePayload(dispatch);
  const fields = dispatch.inputs ?? dispatch.clientPayload ?? {};
  const dispatchId = payload?.dispatch_id ?? (fields.dispatch_id as string | undefined);
  const pr = payload?.pull_request.number ?? Number(fields.pr);
  const run = sim.state.workflowRuns.find((candidate) => candidate.id === dispatch.runId);
  return {
    index,
    dispatch,
    ...(payload ? { payload } : {}),
    ...(dispatchId ? { dispatchId } : {}),
    ...(Number.isInteger(pr) && pr > 0 ? { prNumber: pr } : {}),
    ...(run ? { run } : {}),
  };
}

/**
 * Installs a deterministic fixer on the simulator: for each dispatch the app sends, once the
 * dispatch was answered, it plays the behaviour the test chose — moves the dispatch's run
 * (`requested`, `in_progress`, `completed` deliveries), pushes a commit removing the lines the
 * findings name and delivers `pull_request.synchronize` sent by its login, or fails a step with
 * a log. Dispatches are handled one at a time, in the order they arrived.
 */
export function installFixer(sim: GitHubSimulator, options: FixerOptions): TinyFixer {
  const login = options.login ?? FIXER_LOGIN;
  const rounds: FixerRound[] = [];
  const errors: string[] = [];
  const waiters: Array<{ count: number; resolve: (rounds: FixerRound[]) => void }> = [];
  const choose = options.behaviour;
  const queue = Array.isArray(choose) ? [...choose] : undefined;
  let received = 0;
  let chain = Promise.resolve();

  const appUrl = () => (typeof options.appUrl === "string" ? options.appUrl : options.appUrl());

  async function deliver(round: FixerRound, event: string, action: string, payload: unknown) {
    const delivery: FixerDelivery = { event, action };
    round.deliveries.push(delivery);
    try {
      const answer = await sendWebhook(appUrl(), {
        name: event,
        payload,
        secret: options.secret,
        ...(options.webhookPath ? { path: options.webhookPath } : {}),
      });
      delivery.status = answer.status;
      if (answer.status >= 300)
        errors.push(`${event}.${action}: the app answered ${answer.status}`);
    } catch (error) {
      delivery.error = (error as Error).message;
      errors.push(`${event}.${action}: ${delivery.error}`);
    }
  }

  async function moveRun(
    round: FixerRound,
    run: SimWorkflowRun,
    status: SimWorkflowRun["status"],
    jobs: SeedJobOptions[],
    conclusion: string | null = null,
  ) {
    setRunStatus(run, status, conclusion);
    setRunJobs(sim.state, run, jobs);
    const action = status === "queued" ? "requested" : status;
    await deliver(
      round,
      "workflow_run",
      action,
      workflowRunPayload(sim, { repo: run.repo, run, action }),
    );
  }

  /** Posts `claims` as the fixer's dispositions comment and delivers it. */
  async function claim(round: FixerRound, claims: FixerClaim[]) {
    const { prNumber, dispatch } = round.received;
    if (prNumber === undefined) {
      errors.push(`dispatch ${round.received.index}: no PR number to answer on`);
      return;
    }
    const body = [
      "Dispositions for this round:",
      "",
      "```reviewloop-dispositions",
      JSON.stringify(claims, null, 2),
      "```",
    ].join("\n");
    const comment = sim.seedIssueComment(dispatch.repo, prNumber, { user: login, body });
    round.claimCommentId = comment.id;
    await deliver(
      round,
      "issue_comment",
      "created",
      issueCommentPayload(sim, { repo: dispatch.repo, number: prNumber, comment }),
    );
  }

  /** Pushes the fix; returns false when nothing could be removed. */
  async function push(round: FixerRound, count: number | undefined, ids?: string[]) {
    const { payload, prNumber, dispatch } = round.received;
    if (!payload || prNumber === undefined) {
      errors.push(`dispatch ${round.received.index}: no payload or PR number to fix`);
      return;
    }
    const pr = sim.state.pullRequests.get(prKey(dispatch.repo, prNumber));
    if (!pr) {
      errors.push(`dispatch ${round.received.index}: no PR #${prNumber} in ${dispatch.repo}`);
      return;
    }
    const chosen = ids
      ? payload.findings.filter((finding) => ids.includes(finding.id))
      : payload.findings.slice(0, count ?? payload.findings.length);
    const removals: LineRemoval[] = chosen
      .filter((finding) => finding.side === "RIGHT")
      .map((finding) => ({ path: finding.path, start: finding.start_line, end: finding.end_line }));
    const result = removeRightLines(pr.files, removals);
    const missedAt = (path: string, line: number) =>
      result.missed.some((miss) => miss.path === path && miss.line === line);
    round.missed = [
      ...result.missed,
      ...chosen
        .filter((finding) => finding.side !== "RIGHT")
        .map((finding) => ({ path: finding.path, line: finding.end_line })),
    ];
    round.fixed = chosen
      .filter((finding) => finding.side === "RIGHT")
      .filter((finding) => {
        for (let line = finding.start_line; line <= finding.end_line; line++)
          if (missedAt(finding.path, line)) return false;
        return true;
      })
      .map((finding) => finding.id);
    if (result.changed.length === 0) return;
    const sha = createHash("sha1")
      .update(`${pr.head.sha}:${round.received.dispatchId ?? round.received.index}`)
      .digest("hex");
    pushCommits(sim.state, pr.repo, pr.number, {
      newHeadSha: sha,
      files: result.files,
      changedFiles: result.changed,
      message: `reviewloop fix: ${round.fixed.join(", ") || "nothing"}`,
      author: login,
    });
    round.pushedSha = sha;
    await deliver(
      round,
      "pull_request",
      "synchronize",
      pullRequestPayload(sim, {
        repo: pr.repo,
        number: pr.number,
        action: "synchronize",
        sender: login,
      }),
    );
  }

  async function play(round: FixerRound) {
    const { behaviour } = round;
    const run = round.received.run;
    if (behaviour.kind === "silent") return;
    if (!run) {
      errors.push(`dispatch ${round.received.index}: no run started (does a workflow listen?)`);
      return;
    }
    await moveRun(round, run, "queued", [{ name: "fix", status: "queued" }]);
    await moveRun(round, run, "in_progress", [{ name: "fix", status: "in_progress" }]);
    if (behaviour.kind === "fix") {
      if (behaviour.claims) await claim(round, behaviour.claims);
      await behaviour.afterClaim?.();
      await push(round, behaviour.count, behaviour.ids);
    }
    if (behaviour.kind === "fail") {
      const conclusion = behaviour.conclusion ?? "failure";
      await moveRun(
        round,
        run,
        "completed",
        [
          {
            name: behaviour.job ?? "fix",
            conclusion,
            log: behaviour.log,
            steps: [
              { name: "Set up job" },
              { name: behaviour.step, conclusion },
              { name: "Complete job" },
            ],
          },
        ],
        conclusion,
      );
      return;
    }
    await moveRun(round, run, "completed", [{ name: "fix", conclusion: "success" }], "success");
  }

  async function handle(dispatch: SimDispatch, index: number) {
    const received = understand(sim, index, dispatch);
    let behaviour: FixerBehaviour;
    if (queue || Array.isArray(choose)) {
      const next = queue?.shift();
      if (!next) errors.push(`dispatch ${index}: no behaviour left in the queue (silent)`);
      behaviour = next ?? silent;
    } else {
      behaviour = await choose(received);
    }
    const round: FixerRound = { received, behaviour, fixed: [], missed: [], deliveries: [] };
    try {
      await play(round);
    } catch (error) {
      errors.push(`dispatch ${index}: ${(error as Error).stack ?? error}`);
    }
    rounds.push(round);
    for (const waiter of waiters.filter((candidate) => rounds.length >= candidate.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve([...rounds]);
    }
  }

  const unsubscribe = sim.onDispatch((dispatch) => {
    if (
      options.prNumber !== undefined &&
      understand(sim, -1, dispatch).prNumber !== options.prNumber
    ) {
      return;
    }
    const index = received++;
    chain = chain.then(() => handle(dispatch, index));
  });

  return {
    login,
    rounds,
    errors,
    settled: () => chain,
    waitForRounds(count) {
      if (rounds.length >= count) return Promise.resolve([...rounds]);
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    uninstall: unsubscribe,
  };
}
