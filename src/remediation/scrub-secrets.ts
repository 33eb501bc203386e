export const MASK = "***";

/**
 * Token shapes that must never be shown whatever the operator configured: GitHub tokens
 * (classic `ghp_`, OAuth `gho_`, user-to-server `ghu_`, installation `ghs_`, refresh `ghr_`,
 * fine-grained `github_pat_`), bearer credentials, and PEM private keys. A key block whose end
 * is missing (the log was cut) is masked to the end of the text.
 */
const SHAPES: Array<[RegExp, string]> = [
  [
    /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$(?![\s\S]))/g,
    MASK,
  ],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}/g, MASK],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/g, MASK],
  // At least 8 characters: a credential, not "the bearer of bad news".
  [/\b(Bearer)\s+[A-Za-z0-9\-._~+/]{8,}=*/gi, `$1 ${MASK}`],
];

/**
 * `text` with every given secret value and every known token shape replaced by `***`, so a log
 * tail or an error message can be kept and shown. Longer secrets go first, so a secret that
 * contains another is masked whole; blank values are ignored (they would match everywhere).
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  const values = [...new Set(secrets.filter((secret) => secret.trim() !== ""))].sort(
    (a, b) => b.length - a.length,
  );
  let scrubbed = text;
  for (const secret of values) scrubbed = scrubbed.split(secret).join(MASK);
  for (const [shape, replacement] of SHAPES) scrubbed = scrubbed.replace(shape, replacement);
  return scrubbed;
}
