/** One end of a search-syntax date: the instants it covers, `[start, end)`. */
interface Span {
  start: number;
  end: number;
}

/** A date (`2024-01-01`: the whole day, UTC) or a date-time (to its precision). */
function parseSpan(text: string): Span | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const start = Date.parse(`${text}T00:00:00Z`);
    return Number.isNaN(start) ? undefined : { start, end: start + 86_400_000 };
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(text)) {
    return undefined;
  }
  const start = Date.parse(text);
  if (Number.isNaN(start)) return undefined;
  const precision = /\.\d+/.test(text) ? 1 : /T\d{2}:\d{2}:\d{2}/.test(text) ? 1000 : 60_000;
  return { start, end: start + precision };
}

/**
 * The `created` filter of GitHub's run listings, in its search syntax: `>=2024-01-01T10:00:00Z`,
 * `>`, `<`, `<=`, a range `a..b` (either end may be `*`), or a bare date or date-time (that
 * day or that second). Returns a predicate over ISO timestamps, or undefined when the filter
 * does not parse.
 */
export function parseDateFilter(filter: string): ((iso: string) => boolean) | undefined {
  const text = filter.trim();
  const compare = /^(>=|<=|>|<)(.+)$/.exec(text);
  if (compare) {
    const span = parseSpan(compare[2]!.trim());
    if (!span) return undefined;
    const at = (iso: string) => Date.parse(iso);
    switch (compare[1]) {
      case ">=":
        return (iso) => at(iso) >= span.start;
      case ">":
        return (iso) => at(iso) >= span.end;
      case "<=":
        return (iso) => at(iso) < span.end;
      default:
        return (iso) => at(iso) < span.start;
    }
  }
  const range = /^(.+?)\.\.(.+)$/.exec(text);
  if (range) {
    const from = range[1] === "*" ? { start: -Infinity, end: -Infinity } : parseSpan(range[1]!);
    const to = range[2] === "*" ? { start: Infinity, end: Infinity } : parseSpan(range[2]!);
    if (!from || !to) return undefined;
    return (iso) => Date.parse(iso) >= from.start && Date.parse(iso) < to.end;
  }
  const span = parseSpan(text);
  if (!span) return undefined;
  return (iso) => Date.parse(iso) >= span.start && Date.parse(iso) < span.end;
}
