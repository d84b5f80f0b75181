import {
  type CallOptions,
  type MarketplaceOrders,
  type OrderListPage,
  type OrderListRequest,
  parseWith,
  ResponseParseError,
} from '@dropship/core';
import type { HttpClient } from '@dropship/http';
import { z } from 'zod';
import { type EbayOrderFulfillmentStatusFilter, ebayOrderPageSchema } from './ebay-order-schemas.js';
import { toEbayListedOrder } from './map-ebay-order.js';

/** The path of `getOrders` (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/methods/getOrders). */
export const EBAY_ORDERS_PATH = '/sell/fulfillment/v1/order';

/** What {@link buildEbayOrderListQuery} and {@link createEbayOrders} need besides the request. */
export interface EbayOrderListSettings {
  /** Orders per page (1 to 200). */
  pageSize: number;
  /** An `orderfulfillmentstatus` combination to add to the filter, or none (every order that changed). */
  fulfillmentStatus?: EbayOrderFulfillmentStatusFilter | undefined;
}

const requestSchema = z
  .strictObject({
    since: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }),
    until: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }),
    cursor: z
      .string()
      .regex(/^\d{1,9}$/, 'must be a cursor this adapter returned (an eBay offset)')
      .optional(),
    limit: z.number().int('must be a whole number').positive('must be at least 1').optional(),
  })
  .refine((request) => Date.parse(request.since) < Date.parse(request.until), {
    message: 'must be after since',
    path: ['until'],
  });

/** An instant as eBay writes it in a filter: UTC with milliseconds (`2016-05-15T08:25:43.511Z`). */
function ebayTimestamp(instant: string): string {
  return new Date(Date.parse(instant)).toISOString();
}

/**
 * The query of one `getOrders` page (pure): `filter=lastmodifieddate:[since..until]` (eBay's bounds
 * are inclusive, so an order changed exactly at `until` may come again in the next window: the SDK
 * deduplicates), plus the `orderfulfillmentstatus` combination when set, `limit` and `offset`
 * (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/methods/getOrders). The
 * values are plain text: the HTTP client percent-encodes `[ ] { | }` as eBay requires, so they are
 * never encoded twice.
 *
 * @param request - the window, the cursor (an offset) and the page size.
 * @param settings - the adapter's page size and fulfillment-status filter.
 * @throws `ValidationError` for a window that is not two instants in order, a cursor this adapter
 *   did not return, or a `limit` above the page size.
 */
export function buildEbayOrderListQuery(
  request: OrderListRequest,
  settings: EbayOrderListSettings,
): { filter: string; limit: number; offset: number } {
  const parsed = parseWith(
    requestSchema.refine((value) => value.limit === undefined || value.limit <= settings.pageSize, {
      message: `must be at most the page size, ${settings.pageSize}`,
      path: ['limit'],
    }),
    request,
    'eBay order list request',
  );
  const criteria = [`lastmodifieddate:[${ebayTimestamp(parsed.since)}..${ebayTimestamp(parsed.until)}]`];
  if (settings.fulfillmentStatus) criteria.push(`orderfulfillmentstatus:{${settings.fulfillmentStatus}}`);
  return {
    filter: criteria.join(','),
    limit: parsed.limit ?? settings.pageSize,
    offset: parsed.cursor === undefined ? 0 : Number(parsed.cursor),
  };
}

/**
 * The offset of the next page, read from the page's `next` URI (eBay returns it "only if there is
 * an additional page"), or undefined on the last page.
 *
 * @throws `ResponseParseError` when `next` is there but names no offset after this page's.
 */
function nextOffset(next: string | undefined, offset: number, url: string, redact: (text: string) => string) {
  if (next === undefined) return undefined;
  let value: number | undefined;
  try {
    const text = new URL(next, 'https://api.ebay.com').searchParams.get('offset');
    value = text !== null && /^\d{1,9}$/.test(text) ? Number(text) : undefined;
  } catch {
    value = undefined;
  }
  if (value === undefined || value <= offset) {
    throw new ResponseParseError(
      `ebay: getOrders answered a next page URI that names no offset after ${offset}; the listing cannot go on safely`,
      { service: 'ebay', method: 'GET', url, responseBody: redact(next.slice(0, 500)), fields: ['next'] },
    );
  }
  return value;
}

/**
 * eBay order intake over `getOrders` (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/methods/getOrders):
 * each `list` call is one page of the orders whose `lastModifiedDate` is in the window, mapped
 * with `toEbayListedOrder` (an order that cannot be mapped is held with eBay's field and the
 * reason). The cursor is eBay's offset of the next page. Repeated orders are returned as eBay
 * returns them: the SDK deduplicates.
 *
 * @param http - the client the listing calls go through (its own rate limit).
 * @param settings - page size and fulfillment-status filter.
 */
export function createEbayOrders(http: HttpClient, settings: EbayOrderListSettings): MarketplaceOrders {
  return {
    pageSize: settings.pageSize,
    async list(request: OrderListRequest, options?: CallOptions): Promise<OrderListPage> {
      const query = buildEbayOrderListQuery(request, settings);
      const response = await http.request({
        path: EBAY_ORDERS_PATH,
        searchParams: query,
        schema: ebayOrderPageSchema,
        ...(options?.signal ? { signal: options.signal } : {}),
      });
      const page = response.data;
      const url = `${EBAY_ORDERS_PATH}?offset=${query.offset}`;
      const next = nextOffset(page.next, query.offset, url, http.redact);
      const warnings = (page.warnings ?? []).map((warning) => ({
        type: 'other' as const,
        message: http.redact(
          `ebay getOrders warning${warning.errorId ? ` ${warning.errorId}` : ''}: ${warning.message ?? ''}`,
        ),
      }));
      return {
        orders: (page.orders ?? []).map(toEbayListedOrder),
        ...(next === undefined ? {} : { nextCursor: String(next) }),
        ...(warnings.length > 0 ? { warnings } : {}),
      };
    },
  };
}
