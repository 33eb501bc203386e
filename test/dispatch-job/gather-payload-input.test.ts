import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { gatherPayloadInput } from "../../src/dispatch-job/gather-payload-input.ts";
import type { PullRequestInfo } from "../../src/github/pull-request-reader.ts";
import type { DispatchPayloadJob } from "../../src/loop/remediation-jobs.ts";
import type { LoopSettings } from "../../src/loop/types.ts";
import type { PlacedFinding } from "../../src/review/finding.ts";
import type { DispatchAttempt } from "../../src/store/dispatch-repository.ts";
import { recordDisposition } from "../../src/store/disposition-repository.ts";
import { saveFindings } from "../../src/store/finding-repository.ts";
import { openTestDb, type TestDatabase, testBackends } from "../helpers/test-db.ts";

const REPO = 7101;
const scope = { installationId: 1, repoId: REPO, prNumber: 3 };

function placed(id: string, line: number): PlacedFinding {
  return {
    id,
    fingerprint: `fp-${id}`,
    placement: "inline",
    ruleId: "conflict-marker",
    engine: "builtin",
    severity: "critical",
    category: "bugs",
    path: "src/a.ts",
    line,
    side: "RIGHT",
    title: `Finding ${id}`,
    body: "body",
  };
}

const settings = (disputesBlock: boolean): LoopSettings => ({
  enabled: true,
  maxRounds: 5,
  noProgressRounds: 2,
  maxAttempts: 3,
  dispatchTimeoutMinutes: 30,
  onHumanPush: "pause",
  fixerLogins: [],
  target: "workflow_dispatch",
  disputesBlock,
});

const job = {
  installationId: 1,
  repoId: REPO,
  repoFullName: "o/r",
  prNumber: 3,
  round: 2,
  attempt: 1,
  headSha: "h".repeat(40),
  publicId: "rl-7101-3-r2.1.4",
} as DispatchPayloadJob;
const attempt = { scope: "blocking" } as DispatchAttempt;
const pr = { baseSha: "b".repeat(40), headRef: "feature" } as PullRequestInfo;

describe.each(testBackends())("dispatch-job/gatherPayloadInput (%s)", (backend) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await openTestDb(backend);
  });
  afterAll(() => test.cleanup());
  beforeEach(async () => {
    await test.db.query("DELETE FROM findings");
    await test.db.query("DELETE FROM finding_dispositions");
    await saveFindings(test.db, scope, 1, [
      { placed: placed("F1", 1), commentId: null, commentUrl: null },
      { placed: placed("F2", 2), commentId: null, commentUrl: null },
      { placed: placed("F3", 3), commentId: null, commentUrl: null },
    ]);
    const claim = (disposition: "disagree" | "deferred") => ({
      disposition,
      by: "alice",
      at: "2026-12-03T00:00:00Z",
      source: "comment" as const,
    });
    await recordDisposition(test.db, scope, "F2", claim("disagree"));
    await recordDisposition(test.db, scope, "F3", claim("deferred"));
  });

  const ids = async (disputesBlock: boolean) =>
    (
      await gatherPayloadInput(
        test.db,
        job,
        attempt,
        pr,
        settings(disputesBlock),
        "critical",
        5,
        "",
      )
    ).findings.map((f) => f.id);

  it("leaves disputed and deferred findings out of a blocking round", async () => {
    expect(await ids(false)).toEqual(["F1"]);
  });

  it("keeps a disputed finding in the round with `disputes_block: true` (a deferral stays out)", async () => {
    expect(await ids(true)).toEqual(["F1", "F2"]);
  });
});
