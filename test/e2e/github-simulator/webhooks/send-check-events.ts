import { suiteOutcome } from "../check-suites.ts";
import type { GitHubSimulator } from "../create-simulator.ts";
import { checkRunPayload, checkSuitePayload } from "./check-payloads.ts";
import { sendWebhook } from "./send-webhook.ts";

/** What GitHub delivered for one completed check run, and the app's answers. */
export interface CheckEventsSent {
  /** `check_run.completed`, then `check_suite.completed` when the run completed its suite. */
  events: Array<{ event: "check_run" | "check_suite"; status: number }>;
}

/**
 * Delivers what GitHub sends once check run `checkRunId` has completed: `check_run.completed`,
 * and `check_suite.completed` when every run of its suite has completed. Throws when the run
 * has not completed or the app does not answer 2xx.
 */
export async function deliverCheckCompleted(
  sim: GitHubSimulator,
  options: { appUrl: string; secret: string; checkRunId: number },
): Promise<CheckEventsSent> {
  const run = sim.state.checkRuns.find((candidate) => candidate.id === options.checkRunId);
  if (!run) throw new Error(`no check run ${options.checkRunId}`);
  if (run.status !== "completed") throw new Error(`check run ${run.name} has not completed`);
  const events: CheckEventsSent["events"] = [];
  const send = async (event: "check_run" | "check_suite", payload: unknown) => {
    const answer = await sendWebhook(options.appUrl, {
      name: event,
      payload,
      secret: options.secret,
    });
    if (answer.status >= 300)
      throw new Error(`${event}.completed: the app answered ${answer.status}`);
    events.push({ event, status: answer.status });
  };
  await send("check_run", checkRunPayload(sim, { checkRun: run }));
  const suite = sim.state.checkSuites.find((candidate) => candidate.id === run.checkSuiteId);
  if (suite && suiteOutcome(sim.state, suite).status === "completed") {
    await send("check_suite", checkSuitePayload(sim, { suiteId: suite.id }));
  }
  return { events };
}
