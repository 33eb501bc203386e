import { MASK, scrubSecrets } from "../../remediation/scrub-secrets.ts";

/**
 * Header-style credentials a provider or a proxy may echo back (`x-api-key: …`,
 * `"api-key": "…"`), and provider key shapes (`sk-…`, `sk-ant-…`) in case the configured key is
 * shown altered (a proxy's prefix, a different key of the same account).
 */
const SHAPES: Array<[RegExp, string]> = [
  [/\b((?:x-)?api[-_]key)(["']?\s*[:=]\s*["']?)[^\s"',;}]+/gi, `$1$2${MASK}`],
  [/\bsk-[A-Za-z0-9_-]{16,}/g, MASK],
];

/**
 * `text` without the API key: the configured key, bearer credentials, `x-api-key` values and
 * `sk-` key shapes are replaced by `***`. Every message the LLM client throws goes through it,
 * since providers echo a wrong key in their 401 body (OpenAI: "Incorrect API key provided: …").
 */
export function redactSecret(text: string, secret: string | undefined): string {
  let redacted = scrubSecrets(text, secret === undefined ? [] : [secret]);
  for (const [shape, replacement] of SHAPES) redacted = redacted.replace(shape, replacement);
  return redacted;
}
