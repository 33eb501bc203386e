/**
 * Edit distance with adjacent transpositions (optimal string alignment), so `drfats` is one
 * edit from `drafts` like a single missing letter is.
 */
export function measureEditDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[rows - 1][cols - 1];
}

/** Case, `-` versus `_` and spaces are not typos worth counting. */
function normalize(word: string): string {
  return word.toLowerCase().replace(/[-\s]/g, "_");
}

/**
 * The candidate a user most likely meant by `input`, or undefined when none is close: at most
 * one edit for short words, about one per three letters for longer ones, or the only candidate
 * that starts with a 3+ letter `input` (`crit` → `critical`). Ties go to the earlier
 * candidate, so callers list the likelier ones first.
 */
export function findClosest(input: string, candidates: readonly string[]): string | undefined {
  const wanted = normalize(input);
  if (wanted.length > 100) return undefined;
  const budget = Math.max(1, Math.floor(wanted.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = measureEditDistance(wanted, normalize(candidate));
    if (distance <= budget && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined || wanted.length < 3) return best;
  const extending = candidates.filter((candidate) => normalize(candidate).startsWith(wanted));
  return extending.length === 1 ? extending[0] : undefined;
}
