import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useMockedGitHub } from "../helpers/mocked-github.ts";
import { testBackends } from "../helpers/test-db.ts";
import {
  type CommandKit,
  commentPayload,
  createCommandKit,
  github,
  mockConfig,
  mockToken,
  permissionJson,
  pullJson,
  R,
  rows,
  seedFinding,
} from "./command-kit.ts";

/** GitHub's conversation comments of one PR, as the simulated GitHub stores them. */
interface Stored {
  replies: { id: number; body: string }[];
  reactions: string[];
  lookups: number;
}

describe.each(testBackends())(
  "command-job: each comment's commands run once, each on its own on %s",
  (backend) => {
    let kit: CommandKit;

    beforeAll(async () => {
      kit = await createCommandKit(backend);
    });
    afterAll(() => kit.cleanup());
    useMockedGitHub(mockToken);

    /**
     * GitHub for one comment: config missing, the PR and a writer's permission, reactions, and a
     * conversation that stores replies and lists them. `postAnswers` scripts the answers to the
     * reply POSTs in order ("201", "502-after": stored then 502, "403": refused, rate limited).
     */
    function simulate(
      pr: number,
      commentId: number,
      postAnswers: ("201" | "502-after" | "403")[] = [],
    ): Stored {
      const stored: Stored = { replies: [], reactions: [], lookups: 0 };
      mockConfig(github().persist(), null);
      // nock 15 cannot answer a POST from a function: requests are recorded by body matchers
      // (which may also be tried on other paths, so they check the body's shape).
      github()
        .persist()
        .get(`${R}/pulls/${pr}`)
        .reply(200, pullJson({ number: pr }))
        .get(/\/collaborators\/[^/]+\/permission$/)
        .reply(200, permissionJson("write"))
        .post(`${R}/issues/comments/${commentId}/reactions`, (body: { content?: unknown }) => {
          if (typeof body.content === "string") stored.reactions.push(body.content);
          return typeof body.content === "string";
        })
        .reply(201, { id: 1 })
        .get(`${R}/issues/${pr}/comments`)
        .query(true)
        .reply(200, () => {
          stored.lookups++;
          return stored.replies.map((r) => ({ id: r.id, html_url: "https://x", body: r.body }));
        });
      const store = (id: number) => (body: { body?: unknown }) => {
        if (typeof body.body !== "string") return false;
        stored.replies.push({ id, body: body.body });
        return true;
      };
      postAnswers.forEach((answer, index) => {
        const path = `${R}/issues/${pr}/comments`;
        const id = 900_000 + index;
        if (answer === "403") {
          github()
            .post(path)
            .reply(
              403,
              { message: "You have exceeded a secondary rate limit" },
              { "retry-after": "0" },
            );
        } else if (answer === "502-after") {
          github().post(path, store(id)).reply(502, { message: "Bad Gateway" });
        } else {
          github().post(path, store(id)).reply(201, { id, html_url: "https://x" });
        }
      });
      github()
        .persist()
        .post(`${R}/issues/${pr}/comments`, store(900_099))
        .reply(201, { id: 900_099, html_url: "https://x" });
      return stored;
    }

    async function comment(pr: number, id: number, body: string) {
      await kit.receive("issue_comment", commentPayload({ pr, id, body, by: { login: "writer" } }));
    }

    describe("the reply", () => {
      it("is posted once when the process dies between posting it and recording it", async () => {
        const gh = simulate(40, 400);
        kit.failQueryOnce(/SET reply_comment_id/);

        await comment(40, 400, "/reviewloop status");
        const reports = await kit.runJobs({ retryAtOnce: true });

        expect(reports.map((r) => r.outcome)).toEqual(["retry", "done"]);
        expect(gh.replies).toHaveLength(1);
        expect(gh.reactions).toEqual(["eyes", "eyes", "+1"]);
        expect(
          await rows(
            kit,
            "SELECT reply_comment_id AS reply FROM command_runs WHERE comment_id = 400",
          ),
        ).toEqual([{ reply: 900_099 }]);
      });

      it("is posted once when GitHub stores it and answers 502", async () => {
        const gh = simulate(41, 401, ["502-after"]);

        await comment(41, 401, "/reviewloop status");
        const reports = await kit.runJobs({ retryAtOnce: true });

        expect(reports.map((r) => r.outcome)).toEqual(["done"]);
        expect(gh.replies).toHaveLength(1);
        expect(gh.reactions).toEqual(["eyes", "+1"]);
      });

      it("is looked for on the first attempt too (a lost PGlite lease makes a rerun look new)", async () => {
        const gh = simulate(42, 402);
        gh.replies.push({
          id: 555,
          body: "<!-- reviewloop:reply issue_comment-402 -->\n\nposted by a run the database forgot",
        });

        await comment(42, 402, "/reviewloop status");
        await kit.runJobs({ retryAtOnce: true });

        expect(gh.replies.map((r) => r.id)).toEqual([555]);
        expect(
          await rows(
            kit,
            "SELECT reply_comment_id AS reply FROM command_runs WHERE comment_id = 402",
          ),
        ).toEqual([{ reply: 555 }]);
      });
    });

    describe("a retried run", () => {
      it("does not run again what ran, and reports what it did the first time", async () => {
        await seedFinding(kit, 43, { id: "F3" });
        const gh = simulate(43, 403, ["403"]);

        await comment(
          43,
          403,
          "/reviewloop pause\n/reviewloop ignore F3 vendored\n/reviewloop status",
        );
        const reports = await kit.runJobs({ retryAtOnce: true });

        expect(reports.map((r) => r.outcome)).toEqual(["retry", "done"]);
        expect(gh.replies).toHaveLength(1);
        const reply = gh.replies[0]!.body;
        expect(reply).toContain("Paused: new commits are not reviewed");
        expect(reply).not.toContain("already paused");
        expect(reply).not.toContain("not open");
        expect(gh.reactions.at(-1)).toBe("+1");
        expect(
          await rows(
            kit,
            "SELECT count(*)::int AS n FROM deliveries WHERE delivery_id LIKE 'command:issue_comment-403-%'",
          ),
        ).toEqual([{ n: 1 }]);
      });

      it("rolls a command's effect back when its outcome cannot be recorded, and says it failed", async () => {
        await seedFinding(kit, 44, { id: "F1" });
        const gh = simulate(44, 404);
        // The outcome's statement fails inside the command's transaction: the ignore rolls back too.
        kit.failQueryOnce(/SET results = CASE/);

        await comment(44, 404, "/reviewloop ignore F1 generated");
        await kit.runJobs({ retryAtOnce: true });

        expect(await rows(kit, "SELECT status FROM findings WHERE pr_number = 44")).toEqual([
          { status: "open" },
        ]);
        expect(gh.replies[0]?.body).toContain("failed: injected fault: the process died here");
        expect(gh.reactions.at(-1)).toBe("confused");
      });
    });

    describe("a command that fails", () => {
      it("becomes that command's outcome; the others still run", async () => {
        // Registered before the simulated PR, so the first read of it fails.
        github().get(`${R}/pulls/45`).reply(500, { message: "boom" });
        const gh = simulate(45, 405);

        await comment(45, 405, "/reviewloop pause\n/reviewloop status");
        const reports = await kit.runJobs({ retryAtOnce: true });

        expect(reports.map((r) => r.outcome)).toEqual(["done"]);
        const reply = gh.replies[0]!.body;
        expect(reply).toMatch(/> `\/reviewloop pause`\n\nfailed: GET .*\/pulls\/45 → 500/);
        expect(reply).toContain("#### reviewloop status");
        expect(gh.reactions).toEqual(["eyes", "confused"]);
      });
    });

    describe("a job whose lease is taken over", () => {
      it("records nothing: no loop event, no outcome, no reply", async () => {
        // Registered before the simulated PR: while it is read, another worker takes the job over.
        github()
          .get(`${R}/pulls/47`)
          .reply(async () => {
            await kit.test.db.query(
              "UPDATE jobs SET lease_token = gen_random_uuid()::text WHERE kind = 'RunCommands' AND status = 'running'",
            );
            return [200, pullJson({ number: 47 })];
          });
        const stored = simulate(47, 407);

        await comment(47, 407, "/reviewloop pause\n/reviewloop status");
        const reports = await kit.runJobs();

        expect(reports.map((r) => r.outcome)).toEqual(["stale"]);
        expect(await rows(kit, "SELECT status FROM loops WHERE pr_number = 47")).toEqual([]);
        expect(await rows(kit, "SELECT results FROM command_runs WHERE comment_id = 407")).toEqual([
          { results: [] },
        ]);
        expect(stored.replies).toEqual([]);
      });
    });

    describe("the job's signal", () => {
      it("stops before the next command once the lease is lost", async () => {
        const controller = new AbortController();
        // Registered before the simulated PR: its read is where the lease is lost.
        github()
          .get(`${R}/pulls/46`)
          .reply(200, () => {
            controller.abort(new Error("lease lost"));
            return pullJson({ number: 46 });
          });
        const stored = simulate(46, 406);

        await comment(46, 406, "/reviewloop pause\n/reviewloop status");
        const reports = await kit.runJobs({ signal: controller.signal });

        expect(reports.map((r) => r.outcome)).toEqual(["retry"]);
        expect(await rows(kit, "SELECT status FROM loops WHERE pr_number = 46")).toEqual([]);
        expect(await rows(kit, "SELECT results FROM command_runs WHERE comment_id = 406")).toEqual([
          { results: [] },
        ]);
        expect(stored.replies).toEqual([]);
        expect(stored.reactions).toEqual(["eyes"]);
      });
    });
  },
);
