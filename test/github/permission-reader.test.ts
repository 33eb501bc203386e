import { describe, expect, it } from "vitest";
import { toGitHubPermission } from "../../src/github/octokit-permission-reader.ts";
import {
  createPermissionCache,
  type PermissionReader,
} from "../../src/github/permission-reader.ts";

const repo = { owner: "o", repo: "r", repoId: 1 };

function countingReader(answers: string[]): PermissionReader & { calls: number } {
  const reader = {
    calls: 0,
    async readPermission() {
      const answer = answers[reader.calls++];
      if (answer === "fail") throw new Error("502");
      return answer as "write";
    },
  };
  return reader;
}

describe("github/permission cache", () => {
  it("answers the same user of the same repository from the cache for five minutes", async () => {
    let now = 0;
    const reader = countingReader(["write", "read"]);
    const cached = createPermissionCache({ now: () => now }).wrap(reader);

    const first = await cached.readPermission(repo, "Octocat");
    now = 4 * 60_000;
    const again = await cached.readPermission(repo, "octocat");
    now = 5 * 60_000 + 1;
    const later = await cached.readPermission(repo, "octocat");

    expect([first, again, later]).toEqual(["write", "write", "read"]);
    expect(reader.calls).toBe(2);
  });

  it("does not keep a failure", async () => {
    const reader = countingReader(["fail", "admin"]);
    const cached = createPermissionCache().wrap(reader);

    await expect(cached.readPermission(repo, "a")).rejects.toThrow("502");
    expect(await cached.readPermission(repo, "a")).toBe("admin");
  });

  it("keeps repositories apart", async () => {
    const reader = countingReader(["admin", "read"]);
    const cached = createPermissionCache().wrap(reader);

    await cached.readPermission(repo, "a");
    const other = await cached.readPermission({ ...repo, repoId: 2 }, "a");

    expect(other).toBe("read");
  });
});

describe("github/toGitHubPermission", () => {
  it.each([
    ["write", "maintain", "maintain"],
    ["read", "triage", "triage"],
    ["admin", "admin", "admin"],
    ["write", "custom-reviewer", "write"],
    ["none", null, "none"],
  ])("%s with role %s is %s", (permission, role, expected) => {
    expect(toGitHubPermission(permission, role)).toBe(expected);
  });
});
