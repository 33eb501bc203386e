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
