import presetPackage from "@secretlint/secretlint-rule-preset-recommend/package.json" with {
  type: "json",
};

/**
 * The version of `@secretlint/secretlint-rule-preset-recommend` whose rules were read to write
 * {@link SECRET_RULE_PIECES}. With any other version installed the pre-filter, the rule selection
 * and the batching are off and every file is linted on its own with the whole preset, as before:
 * slower, never less thorough. A test fails when the installed version differs, as a reminder to
 * re-read the preset and update the table.
 */
export const AUDITED_PRESET_VERSION = "13.0.7";

/** Whether the installed preset is the audited one (see {@link AUDITED_PRESET_VERSION}). */
export const isAuditedPreset: boolean = presetPackage.version === AUDITED_PRESET_VERSION;

/**
 * For each rule of the audited preset (id without `@secretlint/secretlint-rule-`), fixed pieces
 * of text one of which every pattern of the rule needs: a text without any of them cannot make
 * the rule report. `/i` patterns are covered by a case-free piece (`://` for
 * `mongodb://`, `https://hooks.slack.com`). Read from the preset's source:
 *
 * - aws: the secret access key pattern needs `SECRET|secret|Secret` (the access key id and
 *   account id scans are off by default)
 * - gcp: reads only `.json` (JSON.parse of the whole text) and `.p12` files, which are never
 *   filtered; nothing else
 * - npm: `x-oauth-basic` after `https?://` (only in `package.json`), `_authToken=` (only in
 *   `.npmrc`), `npm_` tokens
 * - slack: `xoxb- xoxp- xapp- xoxa- xoxo- xoxr-` tokens and `https://hooks.slack.com` webhooks
 * - stripe: `sk_live sk_test rk_live rk_test` then `_`
 * - filter-comments reports nothing: it only suppresses other rules' reports.
 */
export const SECRET_RULE_PIECES: Readonly<Record<string, readonly string[]>> = {
  aws: ["SECRET", "secret", "Secret"],
  gcp: [],
  privatekey: ["PRIVATE KEY"],
  npm: ["://", "_authToken=", "npm_"],
  basicauth: ["://"],
  slack: ["xoxb-", "xoxp-", "xapp-", "xoxa-", "xoxo-", "xoxr-", "://"],
  sendgrid: ["SG."],
  shopify: ["shppa_", "shpca_", "shpat_", "shpss_"],
  stripe: ["k_live_", "k_test_"],
  github: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
  gitlab: ["glpat-"],
  grafana: ["glc_", "glsa_"],
  openai: ["sk-"],
  anthropic: ["sk-"],
  groq: ["gsk_"],
  huggingface: ["hf_"],
  linear: ["lin_api_"],
  notion: ["ntn_"],
  "1password": ["ops_"],
  "database-connection-string": ["://"],
  "hashicorp-vault": ["hvs.", "hvb.", "hvr."],
  vercel: ["vcp_", "vci_", "vca_", "vcr_", "vck_"],
  databricks: ["dapi"],
  docker: ["dckr_pat_"],
  figma: ["figd_"],
  cloudflare: ["cfk_", "cfut_", "cfat_"],
  tailscale: ["tskey-"],
  "filter-comments": [],
};

/** Every piece of {@link SECRET_RULE_PIECES}, each once. */
export const SECRET_PIECES: readonly string[] = [
  ...new Set(Object.values(SECRET_RULE_PIECES).flat()),
];

/** Which rules need a piece: `://` → npm, basicauth, slack, database-connection-string. */
const RULES_BY_PIECE = new Map<string, string[]>();
for (const [rule, pieces] of Object.entries(SECRET_RULE_PIECES)) {
  for (const piece of pieces)
    RULES_BY_PIECE.set(piece, [...(RULES_BY_PIECE.get(piece) ?? []), rule]);
}

/** Pieces ending in one of these are found through that character (see compileAnyOf). */
const ANCHORS = "_-.";

/** {@link SECRET_PIECES} as one pattern; see {@link compileAnyOf}. */
const SECRET_CANDIDATE = compileAnyOf(SECRET_PIECES, "");

/**
 * False only when secretlint's recommended preset provably reports nothing for `content` linted
 * with extension `ext`: the preset is the audited version, the file is not one that a rule
 * parses as a whole (`.json`, `.p12`), and the text holds none of {@link SECRET_PIECES}.
 */
export function couldContainSecret(content: string, ext: string): boolean {
  if (!isAuditedPreset || ext === ".json" || ext === ".p12") return true;
  return SECRET_CANDIDATE.test(content);
}

/**
 * The rules of the audited preset that could report something in `text` (short ids, see
 * {@link SECRET_RULE_PIECES}): those with one of their pieces in it. One pass over the text;
 * whenever a piece is found, the search goes on for the pieces of rules not yet chosen only.
 * Not for `.json` files (gcp) nor for another preset version.
 */
export function findSecretRules(text: string): Set<string> {
  const chosen = new Set<string>();
  let remaining = SECRET_PIECES;
  let from = 0;
  while (remaining.length > 0) {
    const pattern = compileRemaining(remaining);
    pattern.lastIndex = from;
    const match = pattern.exec(text);
    if (match === null) break;
    const piece = readPiece(match);
    for (const rule of RULES_BY_PIECE.get(piece) ?? []) chosen.add(rule);
    remaining = remaining.filter((candidate) =>
      RULES_BY_PIECE.get(candidate)!.some((rule) => !chosen.has(rule)),
    );
    // The piece just found is gone from `remaining`; another may still start at the same place.
    from = match.index;
  }
  return chosen;
}

/** Compiled search patterns by remaining pieces; few distinct sets occur, the cap is a guard. */
const remainingPatterns = new Map<string, RegExp>();

function compileRemaining(pieces: readonly string[]): RegExp {
  const key = pieces.join("\u0000");
  let pattern = remainingPatterns.get(key);
  if (pattern === undefined) {
    if (remainingPatterns.size >= 256) remainingPatterns.clear();
    pattern = compileAnyOf(pieces, "g");
    remainingPatterns.set(key, pattern);
  }
  return pattern;
}

/**
 * One pattern that matches wherever one of `pieces` occurs. A flat list of alternatives makes
 * V8 try every piece at almost every position; instead, pieces that end in `_`, `-` or `.` are
 * found by that character and checked by a look-behind (`_(?<=(npm|ghp|…)_)`), which runs about
 * twice as fast on source code. Group 1 is a plain piece; groups 2… the head of an anchored one.
 */
function compileAnyOf(pieces: readonly string[], flags: string): RegExp {
  const plain: string[] = [];
  const byAnchor = new Map<string, string[]>();
  for (const piece of pieces) {
    const last = piece.at(-1)!;
    if (!ANCHORS.includes(last)) {
      plain.push(escapeRegExp(piece));
      continue;
    }
    const heads = byAnchor.get(last) ?? [];
    heads.push(escapeRegExp(piece.slice(0, -1)));
    byAnchor.set(last, heads);
  }
  const alternatives = [`(${plain.join("|") || "(?!)"})`];
  for (const anchor of ANCHORS) {
    const heads = byAnchor.get(anchor);
    const a = escapeRegExp(anchor);
    // An anchor without heads still gets its (never matching) group: group numbers stay fixed.
    alternatives.push(heads === undefined ? "((?!))" : `${a}(?<=(${heads.join("|")})${a})`);
  }
  return new RegExp(alternatives.join("|"), flags);
}

/** The piece a match of {@link compileAnyOf}'s pattern found. */
function readPiece(match: RegExpExecArray): string {
  if (match[1] !== undefined) return match[1];
  for (let i = 0; i < ANCHORS.length; i++) {
    const head = match[i + 2];
    if (head !== undefined) return head + ANCHORS[i]!;
  }
  throw new Error(`unreadable secret piece match: ${match[0]}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
}
