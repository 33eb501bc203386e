import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { secretRule } from "../../../src/engines/builtin/rules/secret.ts";
import { runRules } from "../../../src/engines/builtin/run-rules.ts";
import type { FileRule } from "../../../src/engines/builtin/types.ts";
import type { DiffFile } from "../../../src/review/diff-types.ts";
import { FAKE_SECRETS, makeSecretCorpus } from "./secret-corpus.ts";

/** The rule as it was: one secretlint call per file, no pre-filter, no batches. */
const oneCallPerFile: FileRule = { ...secretRule, checkFiles: undefined };

async function findSecrets(rule: FileRule, files: DiffFile[]) {
  const result = await runRules([rule], { files });
  expect(result.errors).toEqual([]);
  return result.findings;
}

describe("engines/builtin/lint-secrets", () => {
  const corpus = makeSecretCorpus();

  it("finds every kind of secret in the test corpus (so the comparisons below are not vacuous)", async () => {
    const findings = await findSecrets(secretRule, corpus);

    for (const kind of Object.keys(FAKE_SECRETS)) {
      const flagged = findings.some((finding) => finding.path.startsWith(`src/${kind}/one-line-`));
      expect(flagged, `${kind} not found`).toBe(true);
    }
    expect(findings.some((finding) => finding.path === "src/after-open-disable.ts")).toBe(true);
    expect(findings.some((finding) => finding.path === "src/after-next-line.ts")).toBe(true);
    expect(findings.some((finding) => finding.path === "keys/service-account.json")).toBe(true);
  });

  it("reports exactly what one secretlint call per file reports, on the whole corpus", async () => {
    expect(await findSecrets(secretRule, corpus)).toEqual(
      await findSecrets(oneCallPerFile, corpus),
    );
  });

  it("reports exactly what one call per file reports, for any order and selection of files", async () => {
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(corpus, { minLength: 1 }), async (files) => {
        expect(await findSecrets(secretRule, files)).toEqual(
          await findSecrets(oneCallPerFile, files),
        );
      }),
      { numRuns: 40 },
    );
  });

  it("reports a secret in a file that follows one with a secretlint-disable left open", async () => {
    const findings = await findSecrets(secretRule, corpus);

    expect(findings.filter((finding) => finding.path === "src/open-disable.ts")).toEqual([]);
    expect(findings.filter((finding) => finding.path === "src/after-open-disable.ts")).toHaveLength(
      1,
    );
  });

  it("does not join a private key begun in one file and ended in the next", async () => {
    const findings = await findSecrets(secretRule, corpus);

    expect(findings.filter((finding) => finding.path.startsWith("deploy/half-"))).toEqual([]);
    expect(findings.filter((finding) => finding.path === "deploy/whole.pem")).toHaveLength(1);
  });
});
