import { lintSource } from "@secretlint/core";
import { secretLintProfiler } from "@secretlint/profiler";
import { creator as recommendedPreset } from "@secretlint/secretlint-rule-preset-recommend";
import { getExtension } from "../path-kinds.ts";
import type { FileRule, RuleHit } from "../types.ts";

// secretlint's profiler is on by default and records performance marks for every rule and
// every file in the process-wide performance buffer, which is never cleared: in a long-running
// server that is a memory leak (about 1 GB RSS after 4,000 files) and it also costs time.
// secretlint's own CLI turns it off the same way. @secretlint/profiler is the copy that
// @secretlint/core itself imports (pinned to the same version).
secretLintProfiler.setEnabled(false);

/** secretlint's recommended preset with its own defaults (AWS access key *ids* are not scanned). */
const SECRETLINT_CONFIG = {
  rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: recommendedPreset }],
};

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
 * lines are joined with `\n` and linted once per file; secretlint's line numbers are mapped back
 * to new-file lines. The finding names the kind of secret and the line, never the value.
 */
export const secretRule: FileRule = {
  id: "secret",
  scope: "file",
  defaultSeverity: "critical",
  category: "security",
  description: "Credentials and private keys (secretlint recommended preset) in added lines.",
  async checkFile(file) {
    if (file.addedLines.length === 0) return [];
    // The trailing newline matters: secretlint's `secretlint-disable-line` and
    // `-next-line` comments have no effect on a last line that lacks one.
    const content = `${file.addedLines.map((line) => line.content).join("\n")}\n`;
    const result = await lintSource({
      source: {
        content,
        filePath: file.path,
        ext: getSafeExtension(file.path),
        contentType: "text",
      },
      options: { config: SECRETLINT_CONFIG, maskSecrets: true, noPhysicFilePath: true },
    });
    const hits: RuleHit[] = [];
    const seen = new Set<string>();
    for (const message of result.messages) {
      if (message.type !== "message") continue;
      const added = file.addedLines[message.loc.start.line - 1];
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
  },
};

/**
 * The extension lets secretlint pick format-specific checks (`.json` service account keys).
 * `.p12` is withheld: for it secretlint reads the physical file from disk, and the diff is not
 * on disk.
 */
function getSafeExtension(path: string): string {
  const ext = getExtension(path);
  return ext === ".p12" ? "" : ext;
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
