import { ResponseParseError } from '@dropship/core';

/** What a WPS list answer holds for paging: its items and, while more follow, the next cursor. */
export interface WpsPage<Item> {
  readonly data: Item[];
  readonly meta?: { readonly cursor?: { readonly next?: string | null } | null } | null;
}

/**
 * Reads a WPS list page by page, following `meta.cursor.next` until there is none (cursor paging,
 * https://www.wps-inc.com/data-depot/v4/api/helpers/pagination), yielding each page's items. The
 * one paging loop of the WPS package (stock, orders by date, the catalog listing).
 *
 * A cursor that comes back a second time is a `ResponseParseError` naming the path: stopping
 * there would make the rest of the list look absent (stock not found, a shipment missed), and
 * following it would never end.
 *
 * @param path - the list's path, for the error (`/items`).
 * @param fetchPage - one request: the first page without a cursor, then each next one with it.
 * @throws `ResponseParseError` on a repeated cursor; whatever `fetchPage` throws.
 */
export async function* followWpsCursor<Item>(
  path: string,
  fetchPage: (cursor: string | undefined) => Promise<WpsPage<Item>>,
): AsyncGenerator<Item[]> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    if (page.data.length > 0) yield page.data;
    const next = page.meta?.cursor?.next || undefined;
    if (next !== undefined && seen.has(next)) {
      throw new ResponseParseError(
        `wps: GET ${path} returned the cursor "${next}" a second time; the listing would never end`,
        { service: 'wps', method: 'GET', url: path, fields: ['meta.cursor.next'] },
      );
    }
    if (next !== undefined) seen.add(next);
    cursor = next;
  } while (cursor !== undefined);
}

/**
 * Every item of a WPS list, all pages read (see {@link followWpsCursor}).
 *
 * @param path - the list's path, for the error.
 * @param fetchPage - one request for one page.
 */
export async function readAllWpsPages<Item>(
  path: string,
  fetchPage: (cursor: string | undefined) => Promise<WpsPage<Item>>,
): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of followWpsCursor(path, fetchPage)) items.push(...page);
  return items;
}
