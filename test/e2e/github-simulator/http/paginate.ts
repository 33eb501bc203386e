import type { RouteContext, RouteResult } from "./respond.ts";

export interface PageOptions {
  /** GitHub lists at most this many items in total (pull request files: 3,000). */
  cap?: number;
  /** Wraps the page (`{ total_count, check_runs: page }`); the page array itself by default. */
  wrap?: (page: unknown[], total: number) => unknown;
  /** Renders the items of the served page only (large lists stay cheap). */
  render?: (item: never) => unknown;
}

/**
 * Serves one page of `items` as GitHub does: `per_page` (default 30, at most 100) and `page`
 * (default 1), with a `Link` header naming the next, last, first and previous pages.
 */
export function paginate(
  context: RouteContext,
  items: unknown[],
  options: PageOptions = {},
): RouteResult {
  const all = options.cap === undefined ? items : items.slice(0, options.cap);
  const perPage = Math.min(Math.max(Number(context.query.get("per_page") ?? 30) || 30, 1), 100);
  const page = Math.max(Number(context.query.get("page") ?? 1) || 1, 1);
  const sliced = all.slice((page - 1) * perPage, page * perPage);
  const render = options.render as ((item: unknown) => unknown) | undefined;
  const pageItems = render ? sliced.map(render) : sliced;
  const lastPage = Math.max(Math.ceil(all.length / perPage), 1);
  const link = (n: number, rel: string) => {
    const query = new URLSearchParams(context.query);
    query.set("per_page", String(perPage));
    query.set("page", String(n));
    return `<${context.apiUrl}${context.path}?${query}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, "prev"), link(1, "first"));
  if (page < lastPage) links.push(link(page + 1, "next"), link(lastPage, "last"));
  const body = options.wrap ? options.wrap(pageItems, all.length) : pageItems;
  return { status: 200, body, ...(links.length ? { headers: { link: links.join(", ") } } : {}) };
}
