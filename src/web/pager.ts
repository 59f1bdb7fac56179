/** A list page's position: what it shows of the total, and links to the pages either side with the same filter. */
export interface Pager {
  total: number;
  page: number;
  /** The first and last item shown, counted from 1 (0 and 0 when the page is empty). */
  first: number;
  last: number;
  previous: string | null;
  next: string | null;
}

/** ?page= as a person or a crafted link sends it: a positive whole number, else the first page. */
export function pageNumber(value: unknown): number {
  return typeof value === 'string' && /^[1-9]\d{0,5}$/.test(value) ? Number(value) : 1;
}

/** The pager of `path` filtered by `filter` (empty values left out of its links). */
export function pagerOf(
  path: string,
  filter: Record<string, string | undefined>,
  page: number,
  pageSize: number,
  total: number,
): Pager {
  const link = (to: number) => {
    const query = new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => !!entry[1]));
    if (to > 1) query.set('page', String(to));
    const search = query.toString();
    return search ? `${path}?${search}` : path;
  };
  const first = Math.min((page - 1) * pageSize + 1, total + 1);
  const last = Math.min(page * pageSize, total);
  return {
    total,
    page,
    first: last >= first ? first : 0,
    last: last >= first ? last : 0,
    previous: page > 1 ? link(Math.min(page - 1, Math.max(1, Math.ceil(total / pageSize)))) : null,
    next: page * pageSize < total ? link(page + 1) : null,
  };
}
