import { readFileSync } from "node:fs";
import type { Env } from "../env.ts";

/** The private key is unusable: the message is one line naming the variable. */
export class PrivateKeyError extends Error {
  override name = "PrivateKeyError";
}

/** Returns the GitHub App's PEM from PRIVATE_KEY, else from the file at PRIVATE_KEY_PATH. */
export function readPrivateKey(env: Pick<Env, "privateKey" | "privateKeyPath">): string {
  let pem = env.privateKey;
  if (!pem && env.privateKeyPath) {
    try {
      pem = readFileSync(env.privateKeyPath, "utf8");
    } catch (error) {
      throw new PrivateKeyError(
        `PRIVATE_KEY_PATH: cannot read ${env.privateKeyPath} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
    }
  }
  const source = env.privateKey ? "PRIVATE_KEY" : "PRIVATE_KEY_PATH";
  if (!pem) throw new PrivateKeyError("PRIVATE_KEY or PRIVATE_KEY_PATH is required");
  // Some hosts only take one-line secrets: accept the PEM base64-encoded, as Probot does.
  if (!pem.includes("-----BEGIN") && /^[A-Za-z0-9+/=\s]+$/.test(pem)) {
    pem = Buffer.from(pem, "base64").toString("utf8");
  }
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw new PrivateKeyError(
      `${source} does not hold a PEM private key (-----BEGIN … PRIVATE KEY-----)`,
    );
  }
  return pem;
}
