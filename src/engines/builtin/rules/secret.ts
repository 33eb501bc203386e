import { lintSecretsOfFile, lintSecretsOfFiles, type SecretMessage } from "../lint-secrets.ts";
import type { FileRule, ReviewFile, RuleHit } from "../types.ts";

/** Readable names for secretlint message ids; others are derived from the id itself. */
const SECRET_KINDS: Record<string, string> = {
  AWSSecretAccessKey: "AWS secret access key",
  AWSAccessKeyID: "AWS access key id",
  AWSAccountID: "AWS account id",
  GITHUB_TOKEN: "GitHub token",
  SLACK_TOKEN: "Slack token",
  IncomingWebhook: "Slack incoming webhook URL",
  PrivateKey: "private key",
  PrivateKeyJSON: "GCP service account key",
  BasicAuth: "basic auth credential in a URL",
  NPM_ACCESS_TOKEN: "npm access token",
  OPENAI_TOKEN: "OpenAI API key",
  ANTHROPIC_API_KEY: "Anthropic API key",
  SENDGRID_KEY: "SendGrid API key",
  GITLAB_PERSONAL_ACCESS_TOKEN: "GitLab personal access token",
  PostgreSQLConnection: "PostgreSQL connection string with a password",
  MySQLConnection: "MySQL connection string with a password",
  MongoDBConnection: "MongoDB connection string with a password",
};

/**
 * Secrets found by secretlint's recommended preset in the added lines of a file. The added
 * lines are joined with `\n` and linted; secretlint's line numbers are mapped back to new-file
 * lines. The finding names the kind of secret and the line, never the value. `checkFiles` (what
 * the engine calls) gives the same hits as `checkFile` on each file, faster: see
 * {@link lintSecretsOfFiles}.
 */
export const secretRule: FileRule = {
  id: "secret",
  scope: "file",
  defaultSeverity: "critical",
  category: "security",
  description: "Credentials and private keys (secretlint recommended preset) in added lines.",
  async checkFile(file) {
    return describeSecrets(file, await lintSecretsOfFile(file));
  },
  async checkFiles(files) {
    const messages = await lintSecretsOfFiles(files);
    return files.map((file, i) => describeSecrets(file, messages[i]!));
  },
};

/** One hit per line and kind of secret, in secretlint's order. */
function describeSecrets(file: ReviewFile, messages: readonly SecretMessage[]): RuleHit[] {
  const hits: RuleHit[] = [];
  const seen = new Set<string>();
  for (const message of messages) {
    const added = file.addedLines[message.lineIndex];
    if (added === undefined) continue;
    const kind = describeSecretKind(message.ruleId, message.messageId);
    const key = `${added.newLine}\u0000${kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    hits.push({
      path: file.path,
      line: added.newLine,
      title: `Possible secret: ${kind}`,
      body:
        `Line ${added.newLine} appears to add a ${kind} (detected by secretlint, ` +
        `\`${shortRuleName(message.ruleId)}\` / \`${message.messageId}\`). ` +
        "If it is real, treat it as leaked: revoke and rotate it, remove it from the branch " +
        "history, and load it from the environment or a secret store instead. If it is a " +
        "placeholder, mark the line with a `secretlint-disable-line` comment.",
    });
  }
  return hits;
}

/** `@secretlint/secretlint-rule-slack` → `slack`. */
function shortRuleName(ruleId: string): string {
  return ruleId.replace(/^@secretlint\/secretlint-rule-/, "");
}

/** A human name for a message id: `SLACK_TOKEN` → "Slack token", unknown → words of the id. */
export function describeSecretKind(ruleId: string, messageId: string): string {
  const known = SECRET_KINDS[messageId];
  if (known !== undefined) return known;
  const words = messageId
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/_/g, " ")
    .toLowerCase()
    .trim();
  const vendor = shortRuleName(ruleId);
  return words.includes(vendor.toLowerCase()) ? words : `${vendor} ${words}`;
}
