import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../../helpers/test-db.ts";
import { deliverPullRequest, passFinished, postedFor } from "../harness/scenario.ts";
import {
  cacheHitsOf,
  chatsFor,
  cleanupGitFixtures,
  type LlmScenario,
  lastReview,
  llmLine,
  seedGitPullRequest,
  startLlmScenario,
} from "./llm-kit.ts";

const file = (lines: readonly string[]) => `${lines.join("\n")}\n`;

/**
 * Issue 11, "re-sent 8.7M input tokens across restarted passes": kill -9 of the app while the
 * model holds its second request, then a restart. The restarted pass asks the model only what
 * it had not answered: the first file's answer was kept in the store's cache as it arrived.
 * One request at a time (`REVIEWLOOP_LLM_CONCURRENCY=1`) makes "answered before the kill"
 * certain: the second request leaves only after the first answer is stored.
 */
describe.each(testBackends())("e2e/llm kill -9 during the model's answers (%s)", (backend) => {
  let t: LlmScenario;

  beforeAll(async () => {
    t = await startLlmScenario(backend, { env: { REVIEWLOOP_LLM_CONCURRENCY: "1" } });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    cleanupGitFixtures();
  });

  it("the restarted pass sends only the chunk the model had not answered, and posts one review", async () => {
    const { s, fake } = t;
    // Source before tests: `src/` is asked first.
    const first = "src/crash/first.ts";
    const second = "test/crash/second.test.ts";
    const pr = seedGitPullRequest(s.sim, 601, {
      base: {},
      head: {
        [first]: file(["export const first = 1;", "export const firstToo = 2;"]),
        [second]: file(["import { first } from '../../src/crash/first';", "first;"]),
      },
    });
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let secondArrived = () => {};
    const arrived = new Promise<void>((resolve) => {
      secondArrived = resolve;
    });
    fake.setResponder((request) => {
      const body = request.rawBody.toString("utf8");
      if (!body.includes(second)) return { findings: [] };
      secondArrived();
      return { findings: [], after: held };
    });

    await deliverPullRequest(s, s.app, pr.number, "opened");
    await arrived;
    await s.app.kill("SIGKILL");
    release();
    fake.setResponder(() => ({ findings: [] }));
    const from = s.app.logs.length;
    await s.app.restart();
    await passFinished(s.app, pr.number, pr.head, from);

    const requests = fake.requests;
    expect(chatsFor(requests, first), "the answered chunk is not asked again").toHaveLength(1);
    expect(chatsFor(requests, second), "the held chunk is asked once more").toHaveLength(2);
    expect(postedFor(s.sim, pr.number, pr.head).reviews).toHaveLength(1);
    const line = llmLine(lastReview(s.sim, pr.number, pr.head).body);
    expect(cacheHitsOf(line), line).toBe(1);
    expect(s.sim.violations).toEqual([]);
  }, 180_000);
});
