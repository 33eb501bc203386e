/**
 * Keeping rendered bodies within GitHub's limits: review and comment bodies ≤ 65,536 characters,
 * check-run summaries ≤ 65,535. The renderers default to the smaller so one text fits both.
 * Lengths are counted in UTF-16 code units, never fewer than GitHub's count.
 */

/** The default budget for every rendered body. */
export const BODY_LIMIT = 65_535;

/** What {@link takeWithinBudget} kept. */
export interface Taken {
  /** The items that fit, in order. */
  kept: string[];
  /** How many items were left out. */
  omitted: number;
  /** Characters used by the kept items and the note, joined with `separator`. */
  length: number;
}

/**
 * Keeps items from the front while they, the separators and — when something is left out — the
 * note for the omitted count fit in `budget`. Stops at the first item that does not fit, so the
 * order (most important first) is preserved.
 */
export function takeWithinBudget(
  items: readonly string[],
  budget: number,
  note: (omitted: number) => string,
  separator = "\n",
): Taken {
  const kept: string[] = [];
  let length = 0;
  for (let i = 0; i < items.length; i++) {
    const add = (kept.length > 0 ? separator.length : 0) + items[i].length;
    const remaining = items.length - i - 1;
    // Room must stay for the note if anything after this item could still be left out.
    const reserve = remaining > 0 ? separator.length + note(remaining).length : 0;
    if (length + add + reserve > budget) {
      const omitted = items.length - i;
      const withNote = kept.length > 0 ? separator.length : 0;
      return { kept, omitted, length: length + withNote + note(omitted).length };
    }
    kept.push(items[i]);
    length += add;
  }
  return { kept, omitted: 0, length };
}

/** Joins what {@link takeWithinBudget} kept, followed by the note when items were left out. */
export function joinTaken(
  taken: Taken,
  note: (omitted: number) => string,
  separator = "\n",
): string {
  const parts = taken.omitted > 0 ? [...taken.kept, note(taken.omitted)] : taken.kept;
  return parts.join(separator);
}

/**
 * Cuts one long markdown text to at most `limit` characters at a line boundary, closes a code
 * fence left open by the cut, and ends with `note`. Returns `text` unchanged when it fits.
 */
export function truncateMarkdown(text: string, limit: number, note: string): string {
  if (text.length <= limit) return text;
  const suffix = `\n\n${note}`;
  let budget = limit - suffix.length;
  for (;;) {
    let cut = text.slice(0, Math.max(0, budget));
    const lastBreak = cut.lastIndexOf("\n");
    if (lastBreak > 0) cut = cut.slice(0, lastBreak);
    const fence = openFence(cut);
    const closed = fence === null ? cut : `${cut}\n${fence}`;
    if (closed.length + suffix.length <= limit || budget <= 0) {
      return `${closed}${suffix}`.slice(0, limit);
    }
    // Make room for the closing fence and try again; the budget shrinks every time.
    budget = cut.length - (closed.length - cut.length);
  }
}

/** The fence still open at the end of `text`, or null. */
function openFence(text: string): string | null {
  let fence: string | null = null;
  for (const line of text.split("\n")) {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (!m) continue;
    if (fence === null) fence = m[1];
    else if (m[1][0] === fence[0] && m[1].length >= fence.length && line.trim() === m[1])
      fence = null;
  }
  return fence;
}

/** A part of a body that can be shortened to a budget. */
export interface ElasticSection {
  /** Length of the section rendered in full (0 for an empty section, which renders as ""). */
  need: number;
  /** Renders the section in at most `budget` characters, announcing what was left out. */
  render(budget: number): string;
}

/**
 * Shares `budget` among sections so that no section starves the others: sections that need less
 * than an equal share get all they need, and what they leave is shared among the rest
 * ("water-filling"). Returns the rendered sections in input order.
 */
export function fitSections(sections: readonly ElasticSection[], budget: number): string[] {
  const order = sections.map((_, i) => i).sort((a, b) => sections[a].need - sections[b].need);
  const allowance = new Array<number>(sections.length).fill(0);
  let left = Math.max(0, budget);
  let count = sections.filter((s) => s.need > 0).length;
  for (const i of order) {
    if (sections[i].need === 0) continue;
    allowance[i] = Math.min(sections[i].need, Math.floor(left / count));
    left -= allowance[i];
    count -= 1;
  }
  return sections.map((s, i) => (s.need === 0 ? "" : s.render(allowance[i])));
}

/**
 * A section of a heading followed by items, e.g. a list or the rows of a table under its
 * header. Items that do not fit are replaced by `note(omitted)`.
 */
export function listSection(
  title: string,
  items: readonly string[],
  note: (omitted: number) => string,
  options: { separator?: string; titleSeparator?: string } = {},
): ElasticSection {
  const separator = options.separator ?? "\n";
  const titleSeparator = options.titleSeparator ?? "\n\n";
  if (items.length === 0) return { need: 0, render: () => "" };
  const full = `${title}${titleSeparator}${items.join(separator)}`;
  return {
    need: full.length,
    render(budget) {
      if (full.length <= budget) return full;
      const room = budget - title.length - titleSeparator.length;
      const taken = takeWithinBudget(items, room, note, separator);
      return `${title}${titleSeparator}${joinTaken(taken, note, separator)}`;
    },
  };
}
