import { describe, expect, it } from "vitest";
import { checkRunExternalId, parseExternalId } from "../../src/github/check-run-identity.ts";

const SHA = "0f1e2d3c4b5a69788796a5b4c3d2e1f012345678";

describe("github/check-run-identity", () => {
  it("writes repository, pull request, head, job and generation", () => {
    const id = { repoId: 42, prNumber: 7, headSha: SHA, jobId: 1001, generation: 0 };

    expect(checkRunExternalId(id)).toBe(`reviewloop:42#7@${SHA}/1001.0`);
    expect(parseExternalId(checkRunExternalId(id))).toEqual(id);
  });

  it("reads ids written before job ids were added", () => {
    expect(parseExternalId(`reviewloop:42#7@${SHA}`)).toEqual({
      repoId: 42,
      prNumber: 7,
      headSha: SHA,
    });
  });

  it.each([
    ["another app's id", "ci-run-17"],
    ["a missing pull request", `reviewloop:42@${SHA}`],
    ["a sha that is not hex", "reviewloop:42#7@main"],
    ["a half job part", `reviewloop:42#7@${SHA}/1001`],
    ["nothing", null],
  ])("reads %s as none of ours", (_name, externalId) => {
    expect(parseExternalId(externalId)).toBeNull();
  });
});
