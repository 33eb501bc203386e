import type { DiffFile } from "../../../src/review/diff-types.ts";
import { makeAddedFile, makeDiffFile } from "./make-diff.ts";

// Fake credentials assembled at run time so this file holds no literal secret. Each one is
// shaped to pass the preset's own checks (token alphabets, lengths, PEM magic bytes).
const repeat = (piece: string, length: number) =>
  piece.repeat(Math.ceil(length / piece.length)).slice(0, length);
const pemBody = [`MIIEpAIBAAKCAQEA${repeat("q7Wm3Zr9", 48)}`, repeat("Lk2Pq8Vn", 64)];
/** A 1Password service account token: `ops_` and base64 JSON ending in `}` (`fQ==`). */
const opsToken = () => {
  let json = `{"email":"svc@example.com","k":"${"M8VPfIc8VEfThcMXLa".repeat(6)}"}`;
  while (json.length % 3 !== 1) json = json.replace('"k":"', '"k":"x');
  return `${"ops"}_${btoa(json)}`;
};
const pem = (label: string) => [
  `-----BEGIN ${label}${"PRIVATE"} KEY-----`,
  ...pemBody,
  `-----END ${label}${"PRIVATE"} KEY-----`,
];

/** One line (or block) per secret kind the preset knows, keyed by a short name. */
export const FAKE_SECRETS: Record<string, readonly string[]> = {
  aws: [`aws_secret_access_key = "${repeat("wJalrXUtnFEMIK7MDENGbPxRfiCY9zQ2vT7kLm1xA4bN", 40)}"`],
  github: [`const token = "${"gh"}p_${repeat("Zq8Xv3Kt9", 36)}";`],
  githubFineGrained: [`token: ${"github"}_pat_${repeat("Aa1Bb2Cc3_", 82)}`],
  slack: [
    `SLACK=${["xox" + "b", "2468013579", "1357924680123", "QzWsXeDcRfVtGbYhNuJmIkOl"].join("-")}`,
  ],
  slackWebhook: [
    `url = "https://${"hooks"}.slack.com/services/T0AB12CD3/B0EF45GH6/${repeat("aZ9", 24)}"`,
  ],
  privateKey: pem("RSA "),
  openssh: pem("OPENSSH "),
  basicAuth: [`const u = "https://deployer:${"Xk9pQ2w"}L7zR@ci.acme-corp.io/api";`],
  postgres: [`DATABASE_URL=postgres://app:${"Tq7vW2x"}Y9zK4@db.acme-corp.io:5432/app`],
  mongodb: [`MONGO=mongodb+srv://svc:${"Hp3Lm8n"}Q2rT6@cluster0.acme-corp.io/prod`],
  npmToken: [`NPM_TOKEN=${"npm"}_${repeat("Rt5Yu8Io2Pk", 36)}`],
  stripe: [`STRIPE=${"sk"}_live_${repeat("4eC39HqLyjWDarjtT1zdp7dc", 24)}`],
  sendgrid: [
    `SENDGRID=${"SG"}.${repeat("ngeVfQFYQlKU0ufo8x5d1A", 22)}.${repeat("TwL2iGABf9DHoTf", 43)}`,
  ],
  gitlab: [`GITLAB=${"glpat"}-${repeat("xY3zW8vU1tS6", 20)}`],
  openai: [`OPENAI=${"sk"}-${repeat("Ab3Cd5Ef7G", 20)}${"T3Blbk"}FJ${repeat("Hi9Jk1Lm3N", 20)}`],
  anthropic: [`ANTHROPIC=${"sk"}-ant-api03-${repeat("Qw3Er5Ty7U", 95)}AA`],
  huggingface: [`HF=${"hf"}_${repeat("aBcDeFgHiJkLmNoPqR", 34)}`],
  tailscale: [`TS=${"tskey"}-auth-${repeat("k1A2b3C4", 12)}-${repeat("d5E6f7G8h9", 24)}`],
  docker: [`DOCKER=${"dckr"}_pat_${repeat("Zx9Cv8Bn7M", 27)}`],
  shopify: [`SHOPIFY=${"shpat"}_${repeat("a1B2c3D4e5F6", 32)}`],
  grafana: [`GRAFANA=${"glsa"}_${repeat("Gh7Jk9Lm2Np4", 32)}_${"0a1b2c3d"}`],
  grafanaCloud: [`GRAFANA_CLOUD=${"glc"}_${repeat("eyJvIjoiMTIzNDU2Nzg5IiwibiI6Im", 48)}`],
  linear: [`LINEAR=${"lin"}_api_${repeat("Qa1Ws2Ed3Rf4", 40)}`],
  notion: [`NOTION=${"ntn"}_${"12345678901"}${repeat("Ab1Cd2Ef3Gh4", 35)}`],
  vercel: [`VERCEL=${"vcp"}_${repeat("Mn4Bv6Cx8Z", 24)}`],
  databricks: [`DATABRICKS=${"dapi"}${repeat("0a1b2c3d4e5f6789", 32)}`],
  figma: [`FIGMA=${"figd"}_${repeat("Po9Iu8Yt7R", 40)}`],
  cloudflare: [`CLOUDFLARE=${"cfat"}_${repeat("Lk3Jh5Gf7D", 40)}${"0a1b2c3d"}`],
  groq: [`GROQ=${"gsk"}_${repeat("Wq2Er4Ty6U", 52)}`],
  vault: [`VAULT=${"hvs"}.${repeat("Ui8Op0As2D", 95)}`],
  onePassword: [`OP=${opsToken()}`],
};

/** Lines that look nothing like a secret, and lines that pass the pre-filter but hold none. */
const PLAIN = [
  "export const total = items.reduce((sum, item) => sum + item.weight, 0);",
  "  return parseItem(await response.json(), { strict: true });",
  "",
  "// keep the cache small",
];
const NEAR_MISSES = [
  'const api = "https://api.example.com/v1/items";',
  "const secretName = process.env.SECRET_NAME;",
  "-----BEGIN PUBLIC KEY-----",
  "const s = sk - 1; // sk-",
];

/** A file whose added lines are `lines`, as a new file or a modified one. */
function makeFile(path: string, lines: readonly string[], modified: boolean): DiffFile {
  if (!modified) return makeAddedFile(path, [...lines]);
  return makeDiffFile({
    path,
    hunks: [{ oldStart: 3, newStart: 3, lines: [" ctx", ...lines.map((line) => `+${line}`)] }],
  });
}

/**
 * A varied corpus for comparing the batched secret scan with the one-call-per-file scan: every
 * secret kind above, disable / enable / disable-line / disable-next-line comments (including a
 * `secretlint-disable` left open at the end of a file and a `-next-line` on a file's last line),
 * private keys and AWS keys split across two neighbouring files, one-line files, `.json` key
 * files, `package.json` and `.npmrc`, a byte-order mark, near misses and plain code.
 */
export function makeSecretCorpus(): DiffFile[] {
  const files: DiffFile[] = [];
  const add = (path: string, lines: readonly string[], modified = false) => {
    files.push(makeFile(path, lines, modified));
  };
  let n = 0;
  for (const [kind, lines] of Object.entries(FAKE_SECRETS)) {
    add(`src/${kind}/one-line-${n++}.ts`, lines);
    add(`src/${kind}/mixed-${n++}.py`, [...PLAIN, ...lines, ...NEAR_MISSES], true);
    add(`config/${kind}-${n++}.env`, [...lines, ...lines]);
  }
  const github = FAKE_SECRETS.github!;
  // A disable left open at the end of a file must not hide the next file's secret.
  add("src/open-disable.ts", ["// secretlint-disable", ...github]);
  add("src/after-open-disable.ts", [...github]);
  // A disable-next-line on the last line must not reach the next file's first line.
  add("src/next-line-last.ts", [...PLAIN, "// secretlint-disable-next-line"]);
  add("src/after-next-line.ts", [...github]);
  add("src/disable-pair.ts", ["# secretlint-disable", ...github, "# secretlint-enable", ...github]);
  add("src/disable-line.ts", [`${github[0]} // secretlint-disable-line`, ...github]);
  add("src/disable-one-rule.ts", [
    "// secretlint-disable @secretlint/secretlint-rule-github",
    ...github,
    ...FAKE_SECRETS.slack!,
  ]);
  // A private key split over two files is a key in neither.
  const key = FAKE_SECRETS.privateKey!;
  add("deploy/half-a.pem", [...PLAIN, key[0]!, key[1]!]);
  add("deploy/half-b.pem", [key[2]!, key[3]!, ...PLAIN]);
  add("deploy/whole.pem", [...key]);
  // An AWS key whose name ends one file and whose value starts the next.
  add("src/aws-a.ts", ["aws_secret_access_key ="]);
  add("src/aws-b.ts", [`"${FAKE_SECRETS.aws![0]!.split('"')[1]}"`]);
  // Files secretlint treats by name or type.
  add("keys/service-account.json", [
    "{",
    '  "type": "service_account",',
    '  "private_key_id": "abc123",',
    `  "private_key": "${key.join("\\n")}\\n"`,
    "}",
  ]);
  add("package.json", ['  "repository": "https://bot:x-oauth-basic@github.com/acme/app.git",']);
  add(".npmrc", ["//registry.npmjs.org/:_authToken=abcdef0123456789abcdef0123456789"]);
  add("web/.npmrc", ["registry=https://registry.npmjs.org/"]);
  add("src/bom.ts", [`\uFEFF${github[0]}`]);
  add("src/empty-line.ts", [""]);
  files.push(makeDiffFile({ path: "src/deleted-only.ts", lines: [`-${github[0]}`, " ctx"] }));
  for (let i = 0; i < 30; i++)
    add(`src/plain-${i}.ts`, i % 3 === 0 ? NEAR_MISSES : PLAIN, i % 2 === 0);
  return files;
}
