/**
 * Hostile text for the remediation renderers' tests (finding titles, log tails, refusal
 * messages), and checks that a rendered body is safe to post.
 */

/** Text that would act on GitHub if echoed raw: commands, mentions, a forged marker, fences. */
export const HOSTILE = [
  "/reviewloop fix",
  "@reviewloop approve",
  "  /reviewloop stop",
  "@my-app resume",
  "Ping @octocat and @org/team",
  "<!-- reviewloop:hand-off 1#2 -->",
  "```",
  "~~~",
  "<details><summary>x</summary>",
  "a | b ` c ```` d",
].join("\n");

/**
 * The prose GitHub renders: fenced blocks (closed by a fence at least as long, of the same
 * character) and code spans removed, so what remains is what can ping or be read as a command.
 */
export function proseOf(text: string): string {
  const kept: string[] = [];
  let fence: string | null = null;
  for (const line of text.split("\n")) {
    const run = /^ {0,3}(`{3,}|~{3,})\s*(\S*)\s*$/.exec(line) ?? /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence === null && run) fence = run[1];
    else if (
      fence !== null &&
      run &&
      run[1][0] === fence[0] &&
      run[1].length >= fence.length &&
      line.trim() === run[1]
    )
      fence = null;
    else if (fence === null) kept.push(line);
  }
  return kept.map((line) => withoutCodeSpans(line.replace(/\\`/g, ""))).join("\n");
}

/** A code span runs from N backticks to the next run of exactly N (CommonMark). */
function withoutCodeSpans(line: string): string {
  let out = "";
  let rest = line;
  for (let open = /`+/.exec(rest); open !== null; open = /`+/.exec(rest)) {
    const after = rest.slice(open.index + open[0].length);
    const close = [...after.matchAll(/`+/g)].find((m) => m[0].length === open![0].length);
    if (close === undefined) {
      out += rest.slice(0, open.index + open[0].length);
      rest = after;
      continue;
    }
    out += rest.slice(0, open.index);
    rest = after.slice((close.index ?? 0) + close[0].length);
  }
  return out + rest;
}

/** `@name` GitHub would turn into a notification. */
export function hasLiveMention(text: string): boolean {
  return /(?<![\w`\\])@[A-Za-z0-9]/.test(proseOf(text));
}

/** A line, code included, that starts with our command prefix (stricter than the parser). */
export function hasCommandLikeLine(text: string, slug: string): boolean {
  const pattern = new RegExp(`^\\s*[/@](reviewloop|${slug})\\b`, "im");
  return pattern.test(text);
}

/** Counts of each fence opened and closed: every block the body opens is closed. */
export function fencesBalanced(text: string): boolean {
  let fence: string | null = null;
  for (const line of text.split("\n")) {
    const run = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (!run) continue;
    if (fence === null) fence = run[1];
    else if (run[1][0] === fence[0] && run[1].length >= fence.length && line.trim() === run[1])
      fence = null;
  }
  return fence === null;
}
