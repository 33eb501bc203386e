import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { GitHubSimulator } from "./create-simulator.ts";
import { filesFromDiff } from "./diff-to-files.ts";
import { BASE_SHA } from "./fixtures.ts";
import { type Client, failure, full, owner, repo, startSeededSimulator } from "./test-support.ts";

let sim: GitHubSimulator;
let octokit: Client;

beforeAll(async () => {
  ({ sim, octokit } = await startSeededSimulator());
  sim.state.repos.get(full)?.files.set("src/util.ts", "export const one = 1;\n");
});
afterAll(() => sim.close());
afterEach(() => {
  expect(sim.violations.splice(0)).toEqual([]);
});

const HEAD1 = "d".repeat(40);
const HEAD2 = "e".repeat(40);

const FIRST = `diff --git a/src/util.ts b/src/util.ts
index 1111111..2222222 100644
--- a/src/util.ts
+++ b/src/util.ts
@@ -1 +1 @@
-export const one = 1;
+export const one = 2;
diff --git a/src/new.ts b/src/new.ts
new file mode 100644
index 0000000..3333333
--- /dev/null
+++ b/src/new.ts
@@ -0,0 +1,2 @@
+export const a = 1;
+export const b = 2;
`;

const SECOND = `diff --git a/src/util.ts b/src/util.ts
index 1111111..2222222 100644
--- a/src/util.ts
+++ b/src/util.ts
@@ -1 +1 @@
-export const one = 1;
+export const one = 2;
diff --git a/src/new.ts b/src/new.ts
new file mode 100644
index 0000000..4444444
--- /dev/null
+++ b/src/new.ts
@@ -0,0 +1,2 @@
+export const a = 1;
+export const b = 3;
`;

const PUSH = `diff --git a/src/new.ts b/src/new.ts
index 3333333..4444444 100644
--- a/src/new.ts
+++ b/src/new.ts
@@ -1,2 +1,2 @@
 export const a = 1;
-export const b = 2;
+export const b = 3;
`;

async function textAt(path: string, ref?: string): Promise<string> {
  const { data } = await octokit.rest.repos.getContent({
    owner,
    repo,
    path,
    ...(ref ? { ref } : {}),
  });
  return Buffer.from((data as { content: string }).content, "base64").toString("utf8");
}

async function rawAt(path: string, ref: string): Promise<string> {
  const { data } = await octokit.rest.repos.getContent({
    owner,
    repo,
    path,
    ref,
    mediaType: { format: "raw" },
  });
  return data as unknown as string;
}

describe("e2e/github-simulator file contents at a ref", () => {
  beforeAll(() => {
    sim.seedPullRequest({
      repo: full,
      number: 9,
      author: "alice",
      base: { ref: "main", sha: BASE_SHA },
      head: { ref: "contents-at-ref", sha: HEAD1 },
      files: filesFromDiff(FIRST),
      contents: { "src/util.ts": "export const one = 2;\n" },
    });
  });

  it("serves a PR head's files: given contents, added files from their patch, the rest from main", async () => {
    expect(await textAt("src/util.ts", HEAD1)).toBe("export const one = 2;\n");
    expect(await rawAt("src/new.ts", HEAD1)).toBe("export const a = 1;\nexport const b = 2;\n");
    expect(await textAt(".github/reviewloop.yml", HEAD1)).toBe("review:\n  drafts: true\n");
    expect(await textAt("src/new.ts", "contents-at-ref")).toBe(
      "export const a = 1;\nexport const b = 2;\n",
    );
  });

  it("serves the default branch without a ref, by its name and at the base sha", async () => {
    expect(await textAt("src/util.ts")).toBe("export const one = 1;\n");
    expect(await textAt("src/util.ts", "main")).toBe("export const one = 1;\n");
    expect(await textAt("src/util.ts", BASE_SHA)).toBe("export const one = 1;\n");
    expect((await failure(textAt("src/new.ts"))).status).toBe(404);
  });

  it("answers 404 for a ref it does not know", async () => {
    const error = await failure(textAt("src/util.ts", "f".repeat(40)));

    expect(error.status).toBe(404);
    expect(error.response?.data.message).toMatch(/No commit found for the ref/);
  });

  it("after a push, serves the new head's files and keeps the old head's; compare shows the push", async () => {
    sim.pushCommits(full, 9, {
      newHeadSha: HEAD2,
      files: filesFromDiff(SECOND),
      changedFiles: filesFromDiff(PUSH),
    });

    const compare = await octokit.rest.repos.compareCommitsWithBasehead({
      owner,
      repo,
      basehead: `${HEAD1}...${HEAD2}`,
    });

    expect(await textAt("src/new.ts", HEAD2)).toBe("export const a = 1;\nexport const b = 3;\n");
    expect(await textAt("src/new.ts", HEAD1)).toBe("export const a = 1;\nexport const b = 2;\n");
    expect(await textAt("src/util.ts", HEAD2), "given for HEAD1, still changed").toBe(
      "export const one = 2;\n",
    );
    expect(compare.data.files?.map((f) => [f.filename, f.patch])).toEqual([
      ["src/new.ts", PUSH.slice(PUSH.indexOf("@@")).trimEnd()],
    ]);
  });

  it("serves a file deleted at the head as missing there", async () => {
    sim.pushCommits(full, 9, {
      newHeadSha: "7".repeat(40),
      files: filesFromDiff(SECOND),
      contents: { "src/util.ts": null },
    });

    expect((await failure(textAt("src/util.ts", "7".repeat(40)))).status).toBe(404);
    expect(await textAt("src/util.ts", HEAD2)).toBe("export const one = 2;\n");
  });
});
