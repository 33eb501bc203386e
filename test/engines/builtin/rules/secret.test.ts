import { describe, expect, it } from "vitest";
import { secretRule } from "../../../../src/engines/builtin/rules/secret.ts";
import type { Finding } from "../../../../src/review/finding.ts";
import { makeAddedFile, makeDiffFile } from "../make-diff.ts";
import { runRule } from "../run-rule.ts";

// Fake credentials assembled at run time so this file holds no literal secret.
const fake = {
  awsSecretKey: ["wJalrXUtnFEMI", "K7MDENGbPxRfiCY", "9zQ2vT7kLm1xA4bN"].join("/").slice(0, 40),
  githubToken: `${"gh"}p_${"Zq8".repeat(4)}${"Xv3Kt9".repeat(4)}`,
  slackToken: ["xox" + "b", "2468013579", "1357924680123", "QzWsXeDcRfVtGbYhNuJmIkOl"].join("-"),
  privateKeyLines: [
    `-----BEGIN RSA ${"PRIVATE"} KEY-----`,
    `MIIEpAIBAAKCAQEA${"q7Wm3Zr9".repeat(6)}`,
    "Lk2Pq8Vn".repeat(8),
    `-----END RSA ${"PRIVATE"} KEY-----`,
  ],
};

/** Fails when `text` contains any run of 4 or more characters of `secret`. */
function expectNoPieceOf(secret: string, finding: Finding): void {
  const text = `${finding.title}\n${finding.body}\n${finding.suggestion ?? ""}`;
  for (let i = 0; i + 4 <= secret.length; i++) {
    const piece = secret.slice(i, i + 4);
    expect(text.includes(piece), `finding repeats ${JSON.stringify(piece)}`).toBe(false);
  }
}

describe("engines/builtin/rules/secret", () => {
  describe.each([
    {
      kind: "AWS secret access key",
      line: `aws_secret_access_key = ${fake.awsSecretKey}`,
      secret: fake.awsSecretKey,
    },
    {
      kind: "GitHub token",
      line: `const token = "${fake.githubToken}";`,
      secret: fake.githubToken,
    },
    { kind: "Slack token", line: `SLACK_TOKEN=${fake.slackToken}`, secret: fake.slackToken },
  ])("with a $kind on an added line", ({ kind, line, secret }) => {
    it("reports a critical security finding on that line naming the kind of secret", async () => {
      const file = makeAddedFile("config/settings.ts", [
        "// settings",
        "export const a = 1;",
        line,
      ]);

      const findings = await runRule(secretRule, [file]);

      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        ruleId: "secret",
        severity: "critical",
        category: "security",
        path: "config/settings.ts",
        line: 3,
        side: "RIGHT",
      });
      expect(findings[0]!.title).toContain(kind);
      expect(findings[0]!.body).toContain("Line 3");
    });

    it("never repeats the secret or any 4-character piece of it", async () => {
      const file = makeAddedFile("config/settings.ts", [line]);

      const findings = await runRule(secretRule, [file]);

      expect(findings).toHaveLength(1);
      expectNoPieceOf(secret, findings[0]!);
    });
  });

  describe("with a private key block", () => {
    it("reports it once at the BEGIN line without repeating any of the block", async () => {
      const file = makeDiffFile({
        path: "deploy/key.pem",
        hunks: [
          {
            oldStart: 7,
            newStart: 7,
            lines: [" # deploy key", ...fake.privateKeyLines.map((line) => `+${line}`)],
          },
        ],
      });

      const findings = await runRule(secretRule, [file]);

      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ line: 8 });
      expect(findings[0]!.title).toContain("private key");
      expectNoPieceOf(fake.privateKeyLines.join("\n"), findings[0]!);
    });
  });

  describe("with added lines spread over several hunks", () => {
    it("maps the secret back to its new-file line", async () => {
      const file = makeDiffFile({
        path: "src/client.ts",
        hunks: [
          { oldStart: 1, newStart: 1, lines: [" import x from 'x';", "+const a = 1;", " "] },
          {
            oldStart: 40,
            newStart: 41,
            lines: [" function f() {", `+  return "${fake.githubToken}";`, " }"],
          },
        ],
      });

      const findings = await runRule(secretRule, [file]);

      expect(findings.map((finding) => finding.line)).toEqual([42]);
    });
  });

  it("leaves no performance marks behind, so a long-running server does not leak memory", async () => {
    const before = performance.getEntriesByType("mark").length;
    const files = Array.from({ length: 50 }, (_, i) =>
      makeAddedFile(`src/f${i}.ts`, ["const a = 1;"]),
    );

    await runRule(secretRule, files);

    expect(performance.getEntriesByType("mark").length).toBe(before);
  });

  describe("without a secret in added lines", () => {
    it("reports nothing for ordinary code", async () => {
      const file = makeAddedFile("src/a.ts", [
        'const url = "https://example.com/api";',
        "const token = process.env.TOKEN;",
      ]);

      expect(await runRule(secretRule, [file])).toEqual([]);
    });

    it("reports nothing for a secret on a context or deleted line", async () => {
      const file = makeDiffFile({
        path: "src/a.ts",
        lines: [
          ` const t = "${fake.githubToken}";`,
          `-const u = "${fake.githubToken}";`,
          "+const v = 1;",
        ],
      });

      expect(await runRule(secretRule, [file])).toEqual([]);
    });

    it("honours a secretlint-disable-line comment, even on the last added line", async () => {
      const file = makeAddedFile("src/a.ts", [
        `const t = "${fake.githubToken}"; // secretlint-disable-line`,
      ]);

      expect(await runRule(secretRule, [file])).toEqual([]);
    });

    it("honours a secretlint-disable / secretlint-enable pair", async () => {
      const file = makeAddedFile("src/a.ts", [
        "// secretlint-disable",
        `const t = "${fake.githubToken}";`,
        "// secretlint-enable",
        `const u = "${fake.githubToken}";`,
      ]);

      expect((await runRule(secretRule, [file])).map((finding) => finding.line)).toEqual([4]);
    });

    it("honours a secretlint-disable-next-line comment", async () => {
      const file = makeAddedFile("src/a.ts", [
        "// secretlint-disable-next-line",
        `const t = "${fake.githubToken}";`,
      ]);

      expect(await runRule(secretRule, [file])).toEqual([]);
    });
  });
});
