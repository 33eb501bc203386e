import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordDisposition } from "../../src/store/disposition-repository.ts";
import { useMockedGitHub } from "../helpers/mocked-github.ts";
import { testBackends } from "../helpers/test-db.ts";
import {
  CONFIG_PATH,
  capture,
  createReviewKit,
  github,
  type MockedPass,
  mockPass,
  mockToken,
  prPayload,
  pullJson,
  R,
  REPO_ID,
  type ReviewKit,
  rows,
  sha,
  withLookups,
} from "./review-kit.ts";

const CONFIG = "engines:\n  builtin:\n    rules:\n      missing-tests: false\n";

/** A file of the pull request with a conflict marker (critical: it blocks) on line 2. */
function markerFile(path: string, linesBefore = 1) {
  const before = Array.from({ length: linesBefore }, (_, i) => `+const v${i} = ${i};`);
  return {
    filename: path,
    status: "added",
    additions: linesBefore + 2,
    deletions: 0,
    changes: linesBefore + 2,
    patch: [`@@ -0,0 +1,${linesBefore + 2} @@`, ...before, "+<<<<<<< HEAD", "+const end = 1;"].join(
      "\n",
    ),
  };
}

const README = {
  filename: "README.md",
  status: "modified",
  additions: 1,
  deletions: 0,
  changes: 1,
  patch: "@@ -1 +1,2 @@\n # Title\n+More words.",
};

interface CheckUpdate {
  conclusion?: string;
  output: { title: string; summary: string; text?: string };
}

/** Interceptors for a push's incremental pass that posts no new inline comment. */
function mockPush(
  pr: { number: number; head: string; before: string },
  options: { compare: unknown[]; files: unknown[]; checkRunId: number; reviewId: number },
) {
  const reviews: { event: string; body: string; comments: unknown[] }[] = [];
  const checkUpdates: CheckUpdate[] = [];
  const scope = withLookups(github(), pr)
    .get(`${R}/pulls/${pr.number}`)
    .reply(200, pullJson(pr))
    .get(CONFIG_PATH)
    .reply(200, CONFIG)
    .post(`${R}/check-runs`)
    .reply(201, { id: options.checkRunId })
    .get(`${R}/compare/${pr.before}...${pr.head}`)
    .reply(200, { status: "ahead", files: options.compare })
    .get(`${R}/pulls/${pr.number}/files`)
    .query(true)
    .reply(200, options.files)
    .post(`${R}/pulls/${pr.number}/reviews`, capture(reviews))
    .reply(200, { id: options.reviewId, html_url: "u" })
    .patch(`${R}/check-runs/${options.checkRunId}`, capture(checkUpdates))
    .reply(200, {});
  return { scope, reviews, checkUpdates };
}

async function push(kit: ReviewKit, number: number, before: string, head: string) {
  await kit.receive("pull_request", {
    ...prPayload("synchronize", { number, head }),
    before,
    after: head,
  });
  await kit.runJobs();
}

function claim(disposition: "fixed" | "disagree", note: string) {
  return {
    disposition,
    note,
    by: "fixer[bot]",
    at: new Date().toISOString(),
    source: "comment" as const,
    round: 1,
  };
}

describe.each(testBackends())("review-job/review pass verifying dispositions on %s", (backend) => {
  let kit: ReviewKit;

  beforeAll(async () => {
    kit = await createReviewKit(backend);
  });
  afterAll(() => kit.cleanup());
  useMockedGitHub(mockToken);

  async function open(number: number, head: string, files: unknown[]): Promise<MockedPass> {
    const first = mockPass(
      { number, head },
      { files, config: CONFIG, checkRunId: number * 10, reviewId: number * 10, comments: true },
    );
    await kit.receive("pull_request", prPayload("opened", { number, head }));
    await kit.runJobs();
    expect(first.scope.isDone()).toBe(true);
    expect(first.reviews[0]?.event).toBe("REQUEST_CHANGES");
    return first;
  }

  describe("when the fixer claims fixed but the finding is still there", () => {
    it("says still present in the table and still requests changes", async () => {
      const [h1, h2] = [sha("c1"), sha("c2")];
      await open(301, h1, [markerFile("src/app.ts")]);
      await recordDisposition(kit.test.db, { repoId: REPO_ID, prNumber: 301 }, "F1", {
        ...claim("fixed", "fixed-in-PR (commit 7b505f6)"),
      });
      const pass = mockPush(
        { number: 301, head: h2, before: h1 },
        {
          compare: [README],
          files: [markerFile("src/app.ts"), README],
          checkRunId: 3011,
          reviewId: 3011,
        },
      );

      await push(kit, 301, h1, h2);

      expect(pass.scope.isDone()).toBe(true);
      const [review] = pass.reviews;
      expect(review?.event).toBe("REQUEST_CHANGES");
      expect(review?.comments).toEqual([]);
      expect(review?.body).toContain(
        "| F1 | 🔴 Critical | `src/app.ts:2` | Unresolved merge conflict markers | fixed: fixed-in-PR (commit 7b505f6) | ❌ **still present** |",
      );
      expect(pass.checkUpdates.at(-1)?.conclusion).toBe("failure");
      const [stored] = await rows<{ disposition: { verified: string; verifiedSha: string } }>(
        kit,
        "SELECT disposition FROM findings WHERE pr_number = 301 AND short_id = 'F1'",
      );
      expect(stored?.disposition).toMatchObject({ verified: "still_present", verifiedSha: h2 });
    });
  });

  describe("when the fixer disputes a finding and a push moves its lines", () => {
    it("posts no new comment and comments instead of requesting changes", async () => {
      const [h1, h2] = [sha("d1"), sha("d2")];
      await open(302, h1, [markerFile("src/app.ts")]);
      await recordDisposition(kit.test.db, { repoId: REPO_ID, prNumber: 302 }, "F1", {
        ...claim("disagree", "the marker is a fixture"),
      });
      // Two lines inserted above the marker: it moves from line 2 to line 4, its text unchanged.
      const moved = {
        filename: "src/app.ts",
        status: "modified",
        additions: 2,
        deletions: 0,
        changes: 2,
        patch: "@@ -1,2 +1,4 @@\n+const x = 1;\n+const y = 2;\n const v0 = 0;\n <<<<<<< HEAD",
      };
      const pass = mockPush(
        { number: 302, head: h2, before: h1 },
        {
          compare: [moved],
          files: [markerFile("src/app.ts", 3)],
          checkRunId: 3021,
          reviewId: 3021,
        },
      );

      await push(kit, 302, h1, h2);

      expect(pass.scope.isDone()).toBe(true);
      const [review] = pass.reviews;
      expect(review?.event).toBe("COMMENT");
      expect(review?.comments).toEqual([]);
      expect(review?.body).not.toContain("#### Findings");
      expect(review?.body).toContain(
        "| F1 | 🔴 Critical | `src/app.ts:4` | Unresolved merge conflict markers | disagree: the marker is a fixture | 💬 disputed |",
      );
      expect(pass.checkUpdates.at(-1)?.conclusion).toBe("success");
      const [loop] = await rows<{ status: string }>(
        kit,
        "SELECT state->>'status' AS status FROM loops WHERE pr_number = 302",
      );
      expect(loop?.status).toBe("passed");
    });

    it("stays quiet on the next push too", async () => {
      const [h2, h3] = [sha("d2"), sha("d3")];
      const pass = mockPush(
        { number: 302, head: h3, before: h2 },
        {
          compare: [README],
          files: [markerFile("src/app.ts", 3), README],
          checkRunId: 3022,
          reviewId: 3022,
        },
      );

      await push(kit, 302, h2, h3);

      expect(pass.scope.isDone()).toBe(true);
      expect(pass.reviews[0]?.event).toBe("COMMENT");
      expect(pass.reviews[0]?.comments).toEqual([]);
      expect(pass.reviews[0]?.body).toContain("| 💬 disputed |");
      const findings = await rows<{ short_id: string; status: string }>(
        kit,
        "SELECT short_id, status FROM findings WHERE pr_number = 302",
      );
      expect(findings).toEqual([{ short_id: "F1", status: "open" }]);
    });
  });

  describe("with more rows than the summary shows", () => {
    it("puts the full table in the check run's text", async () => {
      const [h1, h2] = [sha("e1"), sha("e2")];
      const files = Array.from({ length: 24 }, (_, i) =>
        markerFile(`src/f${String(i).padStart(2, "0")}.ts`),
      );
      await open(303, h1, files);
      await recordDisposition(kit.test.db, { repoId: REPO_ID, prNumber: 303 }, "F1", {
        ...claim("fixed", "done"),
      });
      const pass = mockPush(
        { number: 303, head: h2, before: h1 },
        { compare: [README], files: [...files, README], checkRunId: 3031, reviewId: 3031 },
      );

      await push(kit, 303, h1, h2);

      expect(pass.scope.isDone()).toBe(true);
      const tableRows = (text: string | undefined) =>
        (text ?? "").split("\n").filter((line) => /^\| F\d+ \|.*\| (open|❌)/.test(line));
      const completion = pass.checkUpdates.at(-1);
      expect(tableRows(pass.reviews[0]?.body)).toHaveLength(20);
      expect(tableRows(completion?.output.summary)).toHaveLength(20);
      expect(completion?.output.summary).toContain("_… 4 more rows in the check run's details");
      expect(tableRows(completion?.output.text)).toHaveLength(24);
      expect(tableRows(completion?.output.text)[0]).toContain("| F1 |");
    });
  });
});
