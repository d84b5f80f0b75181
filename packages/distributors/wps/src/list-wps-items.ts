import { parseWith } from '@dropship/core';
import { createHttpClient, httpTuningOf, resolveCredential } from '@dropship/http';
import { z } from 'zod';
import { followWpsCursor } from './follow-wps-cursor.js';
import { WPS_API_TOKEN_ENVIRONMENT_VARIABLE, WPS_DEFAULT_BASE_URL } from './wps-constants.js';
import { type WpsOptions, wpsOptionsSchema } from './wps-options.js';
import { type WpsCatalogItem, wpsCatalogItemListSchema } from './wps-schemas.js';

/** Options of {@link listWpsItems}: the client's connection settings plus the listing's. */
export interface ListWpsItemsOptions
  extends Pick<
    WpsOptions,
    'apiToken' | 'baseURL' | 'fetch' | 'timeoutMs' | 'retry' | 'rateLimit' | 'concurrency' | 'onEvent'
  > {
  /**
   * Items per page (`page[size]`). The maximum is unclear (https://www.wps-inc.com/data-depot/v4/api/helpers/pagination: "max 50 per WPS docs"
   * in one client, 10,000 "confirmed working" in another). Default 50.
   */
  pageSize?: number;
  /** Only items updated after this date, `YYYY-MM-DD` (`filter[updated_at][gt]`, [CODE] https://www.wps-inc.com/data-depot/v4/api/services/items). For incremental reads. */
  updatedSince?: string;
  /** Stops the listing between pages and aborts the request in flight. */
  signal?: AbortSignal;
}

const listingSchema = z.strictObject({
  pageSize: z.number().int().positive().max(10_000).optional(),
  updatedSince: z.iso.date('must be an ISO date (YYYY-MM-DD)').optional(),
  signal: z.custom<AbortSignal>((value) => value instanceof AbortSignal, 'must be an AbortSignal').optional(),
});

/**
 * Reads the whole WPS catalog page by page: `GET /items?include=inventory&page[size]=…` following
 * `meta.cursor.next` until it is null (https://www.wps-inc.com/data-depot/v4/api/services/items, https://www.wps-inc.com/data-depot/v4/api/services/inventory, https://www.wps-inc.com/data-depot/v4/api/helpers/pagination). Each page is a list of items
 * with their prices (as decimal text, for exact conversion to cents) and per-warehouse inventory.
 * Reads are retried on 429/5xx/network errors like every WPS read, and share the token's rate and
 * concurrency limits with `createWps`.
 *
 * A cursor that comes back a second time is a `ResponseParseError`, not a silent stop: a listing
 * that ends early would look like a catalog where items disappeared.
 *
 * @param options - the token (or `WPS_API_TOKEN`), page size and filters.
 * @throws `MissingCredentialError` without a token; `ValidationError` for a bad option; the HTTP
 * layer's typed errors (`AuthenticationError`, `RateLimitError`, ...) from the iteration.
 * @example
 * ```ts
 * for await (const items of listWpsItems({ apiToken: process.env.WPS_API_TOKEN, pageSize: 500 })) {
 *   console.log(items.length, items[0]?.sku);
 * }
 * ```
 */
export async function* listWpsItems(
  options: ListWpsItemsOptions = {},
): AsyncGenerator<WpsCatalogItem[], void, undefined> {
  const { pageSize, updatedSince, signal, ...connection } = options;
  const listing = parseWith(listingSchema, { pageSize, updatedSince, signal }, 'WPS item listing options');
  const settings = parseWith(wpsOptionsSchema, connection, 'WPS options');
  const apiToken = resolveCredential(settings.apiToken, WPS_API_TOKEN_ENVIRONMENT_VARIABLE, 'wps', 'apiToken');
  const http = createHttpClient({
    service: 'wps',
    baseURL: settings.baseURL ?? WPS_DEFAULT_BASE_URL,
    credentials: { headers: { authorization: `Bearer ${apiToken}` } },
    headers: { 'content-type': 'application/json' },
    ...httpTuningOf(settings),
  });
  yield* followWpsCursor('/items', async (cursor) => {
    listing.signal?.throwIfAborted();
    const { data } = await http.request({
      path: '/items',
      searchParams: {
        include: 'inventory',
        'page[size]': listing.pageSize ?? 50,
        ...(listing.updatedSince ? { 'filter[updated_at][gt]': listing.updatedSince } : {}),
        ...(cursor ? { 'page[cursor]': cursor } : {}),
      },
      schema: wpsCatalogItemListSchema,
      ...(listing.signal ? { signal: listing.signal } : {}),
    });
    return data;
  });
}
