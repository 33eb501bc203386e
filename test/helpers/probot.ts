import { generateKeyPairSync } from "node:crypto";
import { Probot, ProbotOctokit } from "probot";

const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

/** A Probot instance for `probot.receive` tests: no retries, no throttling, quiet logs. */
export function createTestProbot(): Probot {
  return new Probot({
    appId: 123,
    privateKey,
    Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      retry: { enabled: false },
      throttle: { enabled: false },
    })),
    logLevel: "fatal",
  });
}

export { privateKey as testPrivateKey };
