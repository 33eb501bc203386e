import presetPackage from "@secretlint/secretlint-rule-preset-recommend/package.json" with {
  type: "json",
};

/**
 * The version of `@secretlint/secretlint-rule-preset-recommend` whose rules were read to derive
 * {@link SECRET_CANDIDATE}. With any other version installed the pre-filter and the batching are
 * off and every file is linted on its own, as before: slower, never less thorough. A test fails
 * when the installed version differs, as a reminder to re-read the preset and update both.
 */
export const AUDITED_PRESET_VERSION = "13.0.7";

/** Whether the installed preset is the audited one (see {@link AUDITED_PRESET_VERSION}). */
export const isAuditedPreset: boolean = presetPackage.version === AUDITED_PRESET_VERSION;

/**
 * A text that holds none of these pieces cannot make any rule of the audited preset report.
 * Every rule's patterns begin with, or require, a fixed piece of text, listed here rule by rule
 * (`/i` patterns are covered by a case-free piece such as `://`):
 *
 * - aws (access key id and account id scans are off by default): `SECRET|secret|Secret`
 * - gcp: only `.json` (JSON.parse of the whole file) and `.p12`: such files are never filtered
 * - privatekey: `PRIVATE KEY`
 * - npm: `x-oauth-basic` after `https?://` (`://`), `_authToken=`, `npm_`
 * - basicauth, database-connection-string (mongodb, mysql, postgres), slack webhook: `://`
 * - slack tokens: `xoxb- xoxp- xapp- xoxa- xoxo- xoxr-`
 * - sendgrid `SG.`, shopify `shppa_ shpca_ shpat_ shpss_`, stripe `sk_live sk_test rk_live
 *   rk_test` (`k_live_`, `k_test_`)
 * - github `ghp_ gho_ ghu_ ghs_ ghr_ github_pat_`, gitlab `glpat-`, grafana `glc_ glsa_`
 * - openai and anthropic `sk-`, groq `gsk_`, huggingface `hf_`, linear `lin_api_`, notion `ntn_`,
 *   1password `ops_`, hashicorp-vault `hvs. hvb. hvr.`, vercel `vcp_ vci_ vca_ vcr_ vck_`,
 *   databricks `dapi`, docker `dckr_pat_`, figma `figd_`, cloudflare `cfk_ cfut_ cfat_`,
 *   tailscale `tskey-`
 * - filter-comments reports nothing; it only suppresses other rules' reports.
 */
export const SECRET_PIECES: readonly string[] = [
  ..."SECRET secret Secret PRIVATE KEY dapi ://".split(/ (?!KEY)/),
  ..."_authToken= npm_ shppa_ shpca_ shpat_ shpss_ k_live_ k_test_".split(" "),
  ..."ghp_ gho_ ghu_ ghs_ ghr_ github_pat_ glc_ glsa_ gsk_ hf_ lin_api_ ntn_ ops_".split(" "),
  ..."vcp_ vci_ vca_ vcr_ vck_ dckr_pat_ figd_ cfk_ cfut_ cfat_".split(" "),
  ..."xoxb- xoxp- xapp- xoxa- xoxo- xoxr- glpat- sk- tskey- SG. hvs. hvb. hvr.".split(" "),
];

/** Pieces ending in one of these are found through that character (see compileAnyOf). */
const ANCHORS = "_-.";

/** {@link SECRET_PIECES} as one pattern; see {@link compileAnyOf}. */
const SECRET_CANDIDATE = compileAnyOf(SECRET_PIECES);

/**
 * One pattern that matches wherever one of `pieces` occurs. A flat list of alternatives makes
 * V8 try every piece at almost every position; instead, pieces that end in `_`, `-` or `.` are
 * found by that character and checked by a look-behind (`_(?<=(?:npm|ghp|…)_)`), which runs
 * about twice as fast on source code.
 */
function compileAnyOf(pieces: readonly string[]): RegExp {
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
  const anchored = [...byAnchor].map(([anchor, heads]) => {
    const a = escapeRegExp(anchor);
    return `${a}(?<=(?:${heads.join("|")})${a})`;
  });
  return new RegExp([...plain, ...anchored].join("|"));
}

/**
 * False only when secretlint's recommended preset provably reports nothing for `content` linted
 * as `path`: the preset is the audited version, the file is not one that a rule parses as a whole
 * (`.json`, `.p12`), and the text holds no piece that any rule's pattern requires.
 */
export function couldContainSecret(content: string, ext: string): boolean {
  if (!isAuditedPreset || ext === ".json" || ext === ".p12") return true;
  return SECRET_CANDIDATE.test(content);
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
}
