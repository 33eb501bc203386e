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
 * - slack tokens: `xoxb- xoxp- xoxa- xoxo- xoxr-` (`xox`), `xapp-`
 * - sendgrid `SG.`, shopify `shppa_ shpca_ shpat_ shpss_` (`shp`), stripe `sk_live sk_test
 *   rk_live rk_test` (`k_live_`, `k_test_`)
 * - github `ghp_ gho_ ghu_ ghs_ ghr_ github_pat_`, gitlab `glpat-`, grafana `glc_ glsa_`
 * - openai and anthropic `sk-`, groq `gsk_`, huggingface `hf_`, linear `lin_api_`, notion `ntn_`,
 *   1password `ops_`, hashicorp-vault `hvs. hvb. hvr.`, vercel `vcp_ vci_ vca_ vcr_ vck_`,
 *   databricks `dapi`, docker `dckr_pat_`, figma `figd_`, cloudflare `cfk_ cfut_ cfat_`,
 *   tailscale `tskey-`
 * - filter-comments reports nothing; it only suppresses other rules' reports.
 */
export const SECRET_PIECES: readonly string[] = [
  ..."SECRET secret Secret".split(" "),
  "PRIVATE KEY",
  ..."_authToken= npm_".split(" "),
  "://",
  ..."xox xapp-".split(" "),
  ..."SG. shp k_live_ k_test_".split(" "),
  ..."ghp_ gho_ ghu_ ghs_ ghr_ github_pat_ glpat- glc_ glsa_".split(" "),
  ..."sk- gsk_ hf_ lin_api_ ntn_ ops_ hvs. hvb. hvr. vcp_ vci_ vca_ vcr_ vck_".split(" "),
  ..."dapi dckr_pat_ figd_ cfk_ cfut_ cfat_ tskey-".split(" "),
];

/**
 * {@link SECRET_PIECES} as one pattern, grouped by first character (`S(?:ECRET|ecret|G\.)|…`):
 * V8 runs that about twice as fast as a flat list of alternatives.
 */
const SECRET_CANDIDATE = compileAnyOf(SECRET_PIECES);

function compileAnyOf(pieces: readonly string[]): RegExp {
  const byFirst = new Map<string, string[]>();
  for (const piece of pieces) {
    const rests = byFirst.get(piece[0]!) ?? [];
    rests.push(escapeRegExp(piece.slice(1)));
    byFirst.set(piece[0]!, rests);
  }
  const groups = [...byFirst].map(
    ([first, rests]) => `${escapeRegExp(first)}(?:${rests.join("|")})`,
  );
  return new RegExp(groups.join("|"));
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
