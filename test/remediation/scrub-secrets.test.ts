import { describe, expect, it } from "vitest";
import { scrubSecrets } from "../../src/remediation/scrub-secrets.ts";

const PAT = `ghp_${"A1b2".repeat(9)}`;
const INSTALLATION_TOKEN = `ghs_${"z9Y8".repeat(9)}`;
const FINE_GRAINED = `github_pat_11ABCDEFG0${"x".repeat(40)}_${"Y".repeat(20)}`;
const KEY = [
  "-----BEGIN RSA PRIVATE KEY-----",
  "MIIEowIBAAKCAQEAx",
  "abcdefghijklmnop",
  "-----END RSA PRIVATE KEY-----",
].join("\n");

describe("remediation/scrubSecrets", () => {
  describe("with given secret values", () => {
    it.each([
      ["a value inside a line", "token=hunter22 ok", ["hunter22"], "token=*** ok"],
      ["every occurrence", "s3cret s3cret", ["s3cret"], "*** ***"],
      ["a value containing another whole", "abc-long abc", ["abc", "abc-long"], "*** ***"],
      ["a regex-looking value literally", "a.b+c a_bc", ["a.b+c"], "*** a_bc"],
      ["blank values, which are ignored", "keep this", ["", "  "], "keep this"],
      ["a multi-line value", `before\n${KEY}\nafter`, [KEY], "before\n***\nafter"],
    ])("masks %s", (_case, text, secrets, expected) => {
      expect(scrubSecrets(text, secrets)).toBe(expected);
    });
  });

  describe("with token shapes nobody configured", () => {
    it.each([
      ["a classic personal access token", `push with ${PAT} now`, "push with *** now"],
      [
        "an installation token",
        `x-access-token:${INSTALLATION_TOKEN}@github.com`,
        "x-access-token:***@github.com",
      ],
      ["a fine-grained token", `GH_TOKEN=${FINE_GRAINED}`, "GH_TOKEN=***"],
      [
        "a bearer credential",
        "Authorization: Bearer eyJhbGciOi.J9.sig==",
        "Authorization: Bearer ***",
      ],
      ["a private key block", `key:\n${KEY}\ndone`, "key:\n***\ndone"],
      ["a private key block cut before its end", "-----BEGIN PRIVATE KEY-----\nMIIE\nabc", "***"],
      [
        "an OpenSSH key",
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----",
        "***",
      ],
    ])("masks %s", (_case, text, expected) => {
      expect(scrubSecrets(text, [])).toBe(expected);
    });

    it.each([
      ["a short ghp_ word", "see ghp_docs"],
      ["a public key", "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----"],
      ["the word bearer in prose", "the bearer of bad news"],
      ["a bearer in prose, capitalised", "Bearer of bad news"],
    ])("leaves %s alone", (_case, text) => {
      expect(scrubSecrets(text, [])).toBe(text);
    });
  });
});
